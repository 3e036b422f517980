package org.steward.training;

/**
 * Logistic regression by iteratively reweighted least squares — Newton–Raphson on the log-likelihood — with the
 * coefficients' standard errors from the inverse Fisher information at the solution, their Wald z statistics and
 * two-sided p-values. Deterministic: it starts from zero, sums in row order, uses {@link StrictMath}, and solves the
 * normal equations by Cholesky decomposition.
 */
final class Irls {

    private static final int MAX_STEP_HALVINGS = 30;

    /**
     * A fitted model; index 0 is the intercept, index {@code j} the {@code j}-th column.
     *
     * @param iterations Newton steps taken
     */
    record Fit(double[] coefficients, double[] standardErrors, double[] z, double[] pValues, double logLikelihood,
               int iterations) {
    }

    private Irls() {
    }

    /**
     * Fits {@code P(y = 1) = sigmoid(b0 + Σ b_j x_j)}.
     *
     * @param x         rows by columns, without the intercept
     * @param y         0 or 1 per row
     * @param tolerance converged when no coefficient moves by more than this in a step
     * @throws PipelineException (training) when it does not converge in {@code maxIterations} steps or the
     *                           information matrix is singular (collinear inputs, or separation)
     */
    static Fit fit(double[][] x, int[] y, int maxIterations, double tolerance) {
        int n = x.length;
        int p = n == 0 ? 1 : x[0].length + 1;
        double[] beta = new double[p];
        double logLikelihood = logLikelihood(x, y, beta);
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            double[][] information = new double[p][p];
            double[] gradient = new double[p];
            accumulate(x, y, beta, information, gradient);
            double[] step = solve(information, gradient);
            double[] next = new double[p];
            double nextLogLikelihood = Double.NEGATIVE_INFINITY;
            double scale = 1;
            for (int halving = 0; halving <= MAX_STEP_HALVINGS; halving++) {
                for (int j = 0; j < p; j++) {
                    next[j] = beta[j] + scale * step[j];
                }
                nextLogLikelihood = logLikelihood(x, y, next);
                if (nextLogLikelihood >= logLikelihood - 1e-12 * Math.abs(logLikelihood)) {
                    break;
                }
                scale /= 2;
            }
            double largest = 0;
            for (int j = 0; j < p; j++) {
                largest = Math.max(largest, Math.abs(next[j] - beta[j]));
            }
            beta = next;
            logLikelihood = nextLogLikelihood;
            if (largest < tolerance) {
                return result(x, y, beta, logLikelihood, iteration);
            }
        }
        throw new PipelineException(PipelineException.Kind.TRAINING, "IRLS did not converge in " + maxIterations
                + " iterations to tolerance " + tolerance + ": the inputs may separate the label perfectly; raise "
                + "estimator.irls.maxIterations or remove the separating input");
    }

    private static Fit result(double[][] x, int[] y, double[] beta, double logLikelihood, int iterations) {
        int p = beta.length;
        double[][] information = new double[p][p];
        accumulate(x, y, beta, information, new double[p]);
        double[][] covariance = invert(information);
        double[] se = new double[p];
        double[] z = new double[p];
        double[] pValues = new double[p];
        for (int j = 0; j < p; j++) {
            se[j] = Math.sqrt(covariance[j][j]);
            z[j] = beta[j] / se[j];
            pValues[j] = 2 * Numbers.normalUpperTail(Math.abs(z[j]));
        }
        return new Fit(beta, se, z, pValues, logLikelihood, iterations);
    }

    /** Adds X'WX to {@code information} and X'(y - μ) to {@code gradient}, W = diag(μ(1 - μ)). */
    private static void accumulate(double[][] x, int[] y, double[] beta, double[][] information, double[] gradient) {
        int p = beta.length;
        double[] row = new double[p];
        for (int i = 0; i < x.length; i++) {
            row[0] = 1;
            System.arraycopy(x[i], 0, row, 1, p - 1);
            double mu = Numbers.sigmoid(dot(row, beta));
            double w = mu * (1 - mu);
            double residual = y[i] - mu;
            for (int j = 0; j < p; j++) {
                gradient[j] += row[j] * residual;
                for (int k = 0; k <= j; k++) {
                    information[j][k] += w * row[j] * row[k];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            for (int k = j + 1; k < p; k++) {
                information[j][k] = information[k][j];
            }
        }
    }

    static double logLikelihood(double[][] x, int[] y, double[] beta) {
        double sum = 0;
        double[] row = new double[beta.length];
        for (int i = 0; i < x.length; i++) {
            row[0] = 1;
            System.arraycopy(x[i], 0, row, 1, beta.length - 1);
            double eta = dot(row, beta);
            // log(1 + e^eta) computed without overflow
            double softplus = eta > 0 ? eta + StrictMath.log1p(StrictMath.exp(-eta)) : StrictMath.log1p(StrictMath.exp(eta));
            sum += y[i] * eta - softplus;
        }
        return sum;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }

    /** The lower-triangular L with {@code a = L L'}, or a training error if {@code a} is not positive definite. */
    private static double[][] cholesky(double[][] a) {
        int p = a.length;
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            double diagonal = a[j][j];
            for (int k = 0; k < j; k++) {
                diagonal -= l[j][k] * l[j][k];
            }
            if (!(diagonal > 1e-12 * Math.max(1, a[j][j]))) {
                throw new PipelineException(PipelineException.Kind.TRAINING, "the information matrix is singular at "
                        + (j == 0 ? "the intercept" : "input " + j) + ": inputs are collinear or constant; remove one");
            }
            l[j][j] = Math.sqrt(diagonal);
            for (int i = j + 1; i < p; i++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = sum / l[j][j];
            }
        }
        return l;
    }

    /** Solves {@code a s = b} for symmetric positive-definite {@code a}. */
    static double[] solve(double[][] a, double[] b) {
        double[][] l = cholesky(a);
        int p = b.length;
        double[] z = new double[p];
        for (int i = 0; i < p; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * z[k];
            }
            z[i] = sum / l[i][i];
        }
        double[] s = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < p; k++) {
                sum -= l[k][i] * s[k];
            }
            s[i] = sum / l[i][i];
        }
        return s;
    }

    /** The inverse of symmetric positive-definite {@code a}, column by column. */
    static double[][] invert(double[][] a) {
        int p = a.length;
        double[][] inverse = new double[p][p];
        for (int j = 0; j < p; j++) {
            double[] unit = new double[p];
            unit[j] = 1;
            double[] column = solve(a, unit);
            for (int i = 0; i < p; i++) {
                inverse[i][j] = column[i];
            }
        }
        return inverse;
    }
}
