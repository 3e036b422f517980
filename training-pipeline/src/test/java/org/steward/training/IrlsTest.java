package org.steward.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** IRLS against closed forms and an independent reference fit, standard errors and p-values included. */
class IrlsTest {

    /**
     * One binary input: the maximum-likelihood logistic regression is the 2x2 table's log odds, with the textbook
     * standard errors {@code sqrt(1/a + 1/b + 1/c + 1/d)} for the log odds ratio and {@code sqrt(1/c + 1/d)} for the
     * intercept.
     */
    @Test
    void aBinaryInputGivesTheLogOddsRatioAndItsTextbookStandardError() {
        int a = 30; // x = 1, bad
        int b = 20; // x = 1, good
        int c = 15; // x = 0, bad
        int d = 35; // x = 0, good
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        add(x, y, 1, 1, a);
        add(x, y, 1, 0, b);
        add(x, y, 0, 1, c);
        add(x, y, 0, 0, d);

        Irls.Fit fit = Irls.fit(x.toArray(double[][]::new), y.stream().mapToInt(Integer::intValue).toArray(), 25, 1e-12);

        assertThat(fit.coefficients()[0]).isCloseTo(Math.log((double) c / d), within(1e-10));
        assertThat(fit.coefficients()[1]).isCloseTo(Math.log((double) a * d / ((double) b * c)), within(1e-10));
        assertThat(fit.standardErrors()[0]).isCloseTo(Math.sqrt(1.0 / c + 1.0 / d), within(1e-9));
        assertThat(fit.standardErrors()[1]).isCloseTo(Math.sqrt(1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d), within(1e-9));
        double z = fit.coefficients()[1] / fit.standardErrors()[1];
        assertThat(fit.z()[1]).isCloseTo(z, within(1e-12));
        assertThat(fit.iterations()).isLessThan(10);
    }

    /** Three continuous inputs: the same solution as plain gradient ascent, and SEs from the inverse information. */
    @Test
    void agreesWithGradientAscentAndItsStandardErrorsAreTheInverseFisherInformation() {
        Random random = new Random(7);
        int n = 400;
        double[] truth = {-0.5, 1.2, -0.8, 0.3};
        double[][] x = new double[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double eta = truth[0];
            for (int j = 0; j < 3; j++) {
                x[i][j] = random.nextGaussian();
                eta += truth[j + 1] * x[i][j];
            }
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }

        Irls.Fit fit = Irls.fit(x, y, 25, 1e-12);

        double[] reference = gradientAscent(x, y);
        for (int j = 0; j < 4; j++) {
            assertThat(fit.coefficients()[j]).as("coefficient " + j).isCloseTo(reference[j], within(1e-6));
        }
        double[][] information = new double[4][4];
        for (int i = 0; i < n; i++) {
            double[] row = {1, x[i][0], x[i][1], x[i][2]};
            double eta = 0;
            for (int j = 0; j < 4; j++) {
                eta += row[j] * reference[j];
            }
            double mu = 1 / (1 + Math.exp(-eta));
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 4; k++) {
                    information[j][k] += mu * (1 - mu) * row[j] * row[k];
                }
            }
        }
        double[][] covariance = gaussJordanInverse(information);
        for (int j = 0; j < 4; j++) {
            assertThat(fit.standardErrors()[j]).as("standard error " + j).isCloseTo(Math.sqrt(covariance[j][j]), within(1e-6));
            assertThat(fit.pValues()[j]).isBetween(0.0, 1.0);
        }
        assertThat(fit.pValues()[1]).as("a strong effect is significant").isLessThan(1e-6);
        assertThat(fit.logLikelihood()).isCloseTo(Irls.logLikelihood(x, y, fit.coefficients()), within(1e-12));
    }

    @Test
    void normalTailProbabilitiesAreExactEnoughForPValues() {
        assertThat(Numbers.normalUpperTail(0)).isCloseTo(0.5, within(1e-15));
        assertThat(Numbers.normalUpperTail(1.959963984540054)).isCloseTo(0.025, within(1e-13));
        assertThat(Numbers.normalUpperTail(1)).isCloseTo(0.15865525393145707, within(1e-13));
        assertThat(Numbers.normalUpperTail(-1)).isCloseTo(0.8413447460685429, within(1e-13));
        assertThat(Numbers.normalUpperTail(5)).isCloseTo(2.866515718791939e-7, within(1e-18));
    }

    @Test
    void perfectSeparationDoesNotConverge() {
        double[][] x = {{-2}, {-1}, {1}, {2}};
        int[] y = {0, 0, 1, 1};
        assertThatThrownBy(() -> Irls.fit(x, y, 25, 1e-10))
                .isInstanceOfSatisfying(PipelineException.class, e -> assertThat(e.kind()).isEqualTo(PipelineException.Kind.TRAINING))
                .hasMessageContaining("did not converge");
    }

    @Test
    void collinearInputsAreRefused() {
        double[][] x = {{1, 2}, {2, 4}, {3, 6}, {4, 8}, {5, 10}, {1, 2}};
        int[] y = {0, 1, 0, 1, 1, 0};
        assertThatThrownBy(() -> Irls.fit(x, y, 25, 1e-10)).hasMessageContaining("singular");
    }

    private static void add(List<double[]> x, List<Integer> y, double value, int label, int count) {
        for (int i = 0; i < count; i++) {
            x.add(new double[] {value});
            y.add(label);
        }
    }

    /** Plain gradient ascent on the mean log-likelihood, run to a tight tolerance: slow, but independent of IRLS. */
    private static double[] gradientAscent(double[][] x, int[] y) {
        double[] beta = new double[x[0].length + 1];
        for (int step = 0; step < 200_000; step++) {
            double[] gradient = new double[beta.length];
            for (int i = 0; i < x.length; i++) {
                double eta = beta[0];
                for (int j = 0; j < x[i].length; j++) {
                    eta += beta[j + 1] * x[i][j];
                }
                double residual = y[i] - 1 / (1 + Math.exp(-eta));
                gradient[0] += residual;
                for (int j = 0; j < x[i].length; j++) {
                    gradient[j + 1] += residual * x[i][j];
                }
            }
            double largest = 0;
            for (int j = 0; j < beta.length; j++) {
                beta[j] += 2.0 * gradient[j] / x.length;
                largest = Math.max(largest, Math.abs(gradient[j] / x.length));
            }
            if (largest < 1e-12) {
                break;
            }
        }
        return beta;
    }

    private static double[][] gaussJordanInverse(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(matrix[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            double p = a[col][col];
            for (int k = 0; k < 2 * n; k++) {
                a[col][k] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col];
                    for (int k = 0; k < 2 * n; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                }
            }
        }
        double[][] inverse = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inverse[i], 0, n);
        }
        return inverse;
    }
}
