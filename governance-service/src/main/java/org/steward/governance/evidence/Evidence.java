package org.steward.governance.evidence;

import org.steward.governance.fairness.AttributeFairness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a validator needs to judge a version, computed from its own artifact on its own training-set snapshot:
 * discrimination on the development and out-of-time windows, stability between them, calibration, the decisions
 * the policy makes, fairness per protected attribute, global explanations, and the inputs of the policy gates. It
 * is stored as JSON (the {@code body} of the evidence row) and is what the validation report is rendered from.
 *
 * @param explanations null when the runtime could not explain the model
 */
public record Evidence(ModelFacts facts, Data data, Discrimination development, Discrimination outOfTime,
                       Stability stability, Calibration calibration, Distribution distribution,
                       List<Decisions> decisions, Fairness fairness, Explanations explanations, GateInputs gateInputs) {

    public Evidence {
        decisions = List.copyOf(decisions);
    }

    Evidence withGateInputs(GateInputs inputs) {
        return new Evidence(facts, data, development, outOfTime, stability, calibration, distribution, decisions,
                fairness, explanations, inputs);
    }

    /**
     * The data the evidence was computed on.
     *
     * @param labelColumn       the training-set column holding the outcome, 1 (or true) meaning bad
     * @param outsideWindows    rows whose event time is in none of the windows, left out
     * @param unlabelled        rows in a window without an outcome yet, left out
     */
    public record Data(String trainingSetId, String trainingSetSha256, long rows, String labelColumn,
                       String eventTimeColumn, long developmentRows, long outOfTimeRows, long outsideWindows,
                       long unlabelled, double developmentBadRate, double outOfTimeBadRate) {
    }

    /**
     * Histograms of the probability of bad in {@code bins} equal-width bins over [0, 1], as shares of each window.
     */
    public record Distribution(int bins, List<Double> development, List<Double> outOfTime) {

        public Distribution {
            development = List.copyOf(development);
            outOfTime = List.copyOf(outOfTime);
        }
    }

    /**
     * What the decision policy does in one window.
     *
     * @param window               {@code development} or {@code out-of-time}
     * @param badRateAmongApproved NaN when no one is approved
     */
    public record Decisions(String window, long count, double approveRate, double referRate, double declineRate,
                            double badRateAmongApproved) {
    }

    /**
     * Fairness of the decisions per protected attribute.
     *
     * @param population what the outcomes are: the development and out-of-time rows together, the largest labelled
     *                   sample the model was not selected on alone
     * @param columns    each declared attribute → the training-set column it was read from
     * @param missing    declared attributes the training set does not hold: not checked, so their gate fails
     */
    public record Fairness(String population, List<AttributeFairness> attributes, Map<String, String> columns,
                           List<String> missing) {

        public Fairness {
            attributes = List.copyOf(attributes);
            columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
            missing = List.copyOf(missing);
        }
    }

    /**
     * Global importance: the mean absolute contribution of each input to the margin, largest first.
     *
     * @param method how the runtime computed the contributions: {@code tree shap}, {@code scorecard points} or
     *               {@code kernel shap}
     * @param rows   how many development rows were explained
     */
    public record Explanations(String method, int rows, List<Importance> importance) {

        public Explanations {
            importance = List.copyOf(importance);
        }

        public record Importance(String feature, double meanAbsoluteContribution) {
        }
    }
}
