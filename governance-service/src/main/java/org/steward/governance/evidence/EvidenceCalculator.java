package org.steward.governance.evidence;

import org.steward.commons.web.StewardException;
import org.steward.governance.evidence.DecisionPolicy.Decision;
import org.steward.governance.fairness.AgeBands;
import org.steward.governance.fairness.AttributeFairness;
import org.steward.governance.fairness.FairnessAnalysis;
import org.steward.governance.fairness.Outcome;
import org.steward.runtime.Score;
import org.steward.runtime.ScoringModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes {@link Evidence} for a loaded model on its training-set rows: plain Java, no I/O, so every number can be
 * tested without services. Rows are split by event time into the development windows (train and validation) and
 * the out-of-time window, scored by the model, and decided by the card's policy.
 */
public final class EvidenceCalculator {

    static final int DISTRIBUTION_BINS = 20;

    private EvidenceCalculator() {
    }

    /** One labelled row of a window, scored and decided. */
    private record Scored(Map<String, Object> row, boolean bad, double probability, Decision decision) {
    }

    public static Evidence compute(ModelFacts facts, TrainingSetRows data, ScoringModel model) {
        if (facts.decisionPolicy() == null) {
            throw unprocessable("the model card of " + facts.model() + " has no decision policy, so its decisions (and"
                    + " their fairness) cannot be assessed: set decisionPolicy on the card");
        }
        ModelFacts.Lineage lineage = facts.lineage();
        if (lineage.outOfTime() == null || lineage.train() == null && lineage.validation() == null) {
            throw unprocessable("version " + facts.version() + " of " + facts.model() + " needs lineage windows: train"
                    + " and/or validation (development) and outOfTime, to split its training set");
        }
        String eventTime = column(data, "event_time", "the event time");
        String label = labelColumn(data, lineage.labelSource());

        List<Map<String, Object>> development = new ArrayList<>();
        List<Map<String, Object>> outOfTime = new ArrayList<>();
        long outside = 0;
        long unlabelled = 0;
        for (Map<String, Object> row : data.rows()) {
            Instant time = (Instant) row.get(eventTime);
            boolean dev = time != null && (in(lineage.train(), time) || in(lineage.validation(), time));
            boolean oot = time != null && lineage.outOfTime().contains(time);
            if (!dev && !oot) {
                outside++;
            } else if (row.get(label) == null) {
                unlabelled++;
            } else {
                (dev ? development : outOfTime).add(row);
            }
        }
        if (development.isEmpty() || outOfTime.isEmpty()) {
            throw unprocessable("the training set has " + development.size() + " labelled development rows and "
                    + outOfTime.size() + " labelled out-of-time rows; evidence needs both (check the lineage windows"
                    + " against the rows' " + eventTime + ")");
        }
        List<Scored> dev = score(model, development, label, facts.decisionPolicy());
        List<Scored> oot = score(model, outOfTime, label, facts.decisionPolicy());
        double[] devP = probabilities(dev);
        double[] ootP = probabilities(oot);
        ScoreBands bands = ScoreBands.deciles(devP);
        Discrimination devDiscrimination = Discrimination.of(devP, bads(dev));
        Discrimination ootDiscrimination = Discrimination.of(ootP, bads(oot));
        Stability stability = Stability.of(bands, devP, ootP);
        Calibration calibration = Calibration.of(bands, ootP, bads(oot));
        List<Scored> all = new ArrayList<>(dev);
        all.addAll(oot);
        Evidence.Fairness fairness = fairness(facts.protectedAttributes(), data, all);
        Optional<Evidence.Explanations> explanations = GlobalExplanations.of(model,
                dev.stream().map(Scored::row).toList());

        Map<String, Double> impacts = new LinkedHashMap<>();
        facts.protectedAttributes().forEach(a -> impacts.put(a, null));
        fairness.attributes().forEach(f -> impacts.put(f.attribute(), f.minimumDisparateImpact()));
        GateInputs gates = new GateInputs(ootDiscrimination.gini(), stability.psi(), calibration.passed(),
                calibration.pValue(), impacts, explanations.isPresent(), false);
        Evidence.Data summary = new Evidence.Data(lineage.trainingSetId(), lineage.trainingSetSha256(), data.rows().size(),
                label, eventTime, dev.size(), oot.size(), outside, unlabelled, badRate(dev), badRate(oot));
        return new Evidence(facts, summary, devDiscrimination, ootDiscrimination, stability, calibration,
                new Evidence.Distribution(DISTRIBUTION_BINS, histogram(devP), histogram(ootP)),
                List.of(decisions("development", dev), decisions("out-of-time", oot)), fairness,
                explanations.orElse(null), gates);
    }

    private static boolean in(ModelFacts.Window window, Instant time) {
        return window != null && window.contains(time);
    }

    private static List<Scored> score(ScoringModel model, List<Map<String, Object>> rows, String label,
                                      DecisionPolicy policy) {
        List<Score> scores = model.score(rows);
        List<Scored> scored = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            double p = scores.get(i).probability();
            scored.add(new Scored(rows.get(i), isBad(rows.get(i).get(label), label), p, policy.decide(p)));
        }
        return scored;
    }

    /** 1 or true is the bad outcome (the class the model's probability is of); 0 or false is good. */
    private static boolean isBad(Object value, String label) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        throw unprocessable("the label column '" + label + "' must hold 0/1 or true/false (1 = bad), not '" + value + "'");
    }

    /**
     * The outcome column: the one {@code lineage.label.source} names (the whole of it, or its last part after a
     * {@code .}, {@code :} or {@code /}), else the training set's only extra column.
     */
    static String labelColumn(TrainingSetRows data, String source) {
        if (source != null) {
            String last = source.substring(Math.max(source.lastIndexOf('.'),
                    Math.max(source.lastIndexOf(':'), source.lastIndexOf('/'))) + 1);
            for (String candidate : List.of(source, last)) {
                if (data.types().containsKey(candidate)) {
                    return candidate;
                }
            }
        }
        List<String> extras = data.roles().entrySet().stream().filter(e -> e.getValue().equals("extra"))
                .map(Map.Entry::getKey).toList();
        if (extras.size() == 1) {
            return extras.getFirst();
        }
        throw unprocessable("cannot tell which training-set column is the label: name it in the version's lineage as"
                + " label.source (one of " + extras + ")");
    }

    private static String column(TrainingSetRows data, String role, String what) {
        return data.roles().entrySet().stream().filter(e -> e.getValue().equals(role)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> unprocessable("the training set has no column for " + what));
    }

    /**
     * A declared attribute's column: the one of that name, else the one feature column {@code view__<name>}.
     */
    static Optional<String> attributeColumn(TrainingSetRows data, String attribute) {
        if (data.types().containsKey(attribute)) {
            return Optional.of(attribute);
        }
        List<String> qualified = data.types().keySet().stream().filter(c -> c.endsWith("__" + attribute)).toList();
        return qualified.size() == 1 ? Optional.of(qualified.getFirst()) : Optional.empty();
    }

    private static Evidence.Fairness fairness(List<String> attributes, TrainingSetRows data, List<Scored> rows) {
        List<AttributeFairness> results = new ArrayList<>();
        Map<String, String> columns = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String attribute : attributes) {
            Optional<String> column = attributeColumn(data, attribute);
            if (column.isEmpty()) {
                missing.add(attribute);
                continue;
            }
            columns.put(attribute, column.get());
            AgeBands.Kind kind = AgeBands.kind(column.get());
            List<Outcome> outcomes = rows.stream().map(s -> new Outcome(kind.group(s.row().get(column.get())),
                    s.decision() == Decision.APPROVE, !s.bad())).toList();
            results.add(FairnessAnalysis.analyse(attribute, outcomes));
        }
        return new Evidence.Fairness("development and out-of-time windows", results, columns, missing);
    }

    private static Evidence.Decisions decisions(String window, List<Scored> rows) {
        long approved = rows.stream().filter(s -> s.decision() == Decision.APPROVE).count();
        long referred = rows.stream().filter(s -> s.decision() == Decision.REFER).count();
        long approvedBad = rows.stream().filter(s -> s.decision() == Decision.APPROVE && s.bad()).count();
        double n = rows.size();
        return new Evidence.Decisions(window, rows.size(), approved / n, referred / n, (n - approved - referred) / n,
                approved == 0 ? Double.NaN : (double) approvedBad / approved);
    }

    private static List<Double> histogram(double[] probabilities) {
        long[] counts = new long[DISTRIBUTION_BINS];
        for (double p : probabilities) {
            counts[Math.min(DISTRIBUTION_BINS - 1, (int) (p * DISTRIBUTION_BINS))]++;
        }
        List<Double> shares = new ArrayList<>();
        for (long c : counts) {
            shares.add((double) c / probabilities.length);
        }
        return shares;
    }

    private static double[] probabilities(List<Scored> rows) {
        return rows.stream().mapToDouble(Scored::probability).toArray();
    }

    private static boolean[] bads(List<Scored> rows) {
        boolean[] bad = new boolean[rows.size()];
        for (int i = 0; i < bad.length; i++) {
            bad[i] = rows.get(i).bad();
        }
        return bad;
    }

    private static double badRate(List<Scored> rows) {
        return rows.stream().filter(Scored::bad).count() / (double) rows.size();
    }

    private static StewardException unprocessable(String detail) {
        return new StewardException(StewardException.Kind.UNPROCESSABLE, "Evidence cannot be computed", detail);
    }
}
