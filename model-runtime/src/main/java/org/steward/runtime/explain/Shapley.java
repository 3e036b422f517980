package org.steward.runtime.explain;

/** The combinatorics the Shapley value is made of, shared by the algorithms that compute it. */
final class Shapley {

    private Shapley() {
    }

    /**
     * The Shapley weight of a coalition of {@code s} others in a game of {@code d} players, {@code s!(d-s-1)!/d!},
     * computed as {@code 1 / (d · C(d-1, s))} so that it stays finite for deep trees and wide models.
     */
    static double weight(int s, int d) {
        return 1 / (d * binomial(d - 1, s));
    }

    static double binomial(int n, int k) {
        double result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
        }
        return result;
    }
}
