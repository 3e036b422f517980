package org.steward.governance.report;

import org.steward.governance.approval.GovernanceFacts;
import org.steward.governance.evidence.Calibration;
import org.steward.governance.evidence.DecisionPolicy;
import org.steward.governance.evidence.Discrimination;
import org.steward.governance.evidence.Evidence;
import org.steward.governance.evidence.ModelFacts;
import org.steward.governance.evidence.Stability;
import org.steward.governance.evidence.StoredEvidence;
import org.steward.governance.fairness.AttributeFairness;
import org.steward.governance.fairness.FairnessAnalysis;
import org.steward.governance.fairness.GroupMetrics;
import org.steward.governance.report.ReportDocument.Block;
import org.steward.governance.report.ReportDocument.Figure;
import org.steward.governance.report.ReportDocument.Pairs;
import org.steward.governance.report.ReportDocument.Pairs.Pair;
import org.steward.governance.report.ReportDocument.Section;
import org.steward.governance.report.ReportDocument.Subheading;
import org.steward.governance.report.ReportDocument.Table;
import org.steward.governance.report.ReportDocument.Text;
import org.steward.governance.report.chart.Chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Writes the validation report of a version from its stored evidence and the workflow's facts: purpose and
 * limitations, data and lineage, performance and calibration, stability, fairness, explanations, gate results,
 * findings, approvals and exceptions. Pure: the same evidence and facts give the same document, and the only time
 * in it is the evidence's.
 */
public final class ReportBuilder {

    private ReportBuilder() {
    }

    public static ReportDocument build(StoredEvidence stored, ReportFacts facts) {
        Evidence e = stored.body();
        ModelFacts m = e.facts();
        List<String> heading = List.of(
                m.model() + " version " + m.version() + " (" + m.format() + ", " + m.status() + " when assessed)",
                "Evidence " + stored.id() + ", computed " + stored.createdAt() + " by " + stored.createdBy(),
                "Artifact SHA-256 " + stored.artifactSha256());
        String footer = m.model() + " v" + m.version() + " | evidence " + stored.id() + " | artifact "
                + stored.artifactSha256();
        return new ReportDocument("Validation report: " + m.model() + " v" + m.version(), heading, footer, List.of(
                purpose(m), data(e), performance(e), stability(e.stability()), fairness(e.fairness()),
                explanations(e.explanations()), gates(e, facts), findings(facts), approvals(facts)));
    }

    private static Section purpose(ModelFacts m) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Pairs(List.of(new Pair("Use case", m.useCase()), new Pair("Risk tier", String.valueOf(m.riskTier())),
                new Pair("Owner", m.owner()), new Pair("Description", orNone(m.description())),
                new Pair("Intended use", orNone(m.intendedUse())), new Pair("Limitations", orNone(m.limitations())),
                new Pair("Protected attributes", m.protectedAttributes().isEmpty() ? "none declared"
                        : String.join(", ", m.protectedAttributes())))));
        blocks.add(new Subheading("Decision policy"));
        List<List<String>> rows = new ArrayList<>();
        double from = 0;
        for (DecisionPolicy.CutOff cutOff : m.decisionPolicy().cutOffs()) {
            rows.add(List.of(cutOff.decision().code(), rate(from) + " < p <= " + rate(cutOff.upTo())));
            from = cutOff.upTo();
        }
        blocks.add(table(List.of("decision", "probability of bad"), rows));
        return new Section("1. Purpose and limitations", blocks);
    }

    private static Section data(Evidence e) {
        ModelFacts.Lineage l = e.facts().lineage();
        Evidence.Data d = e.data();
        List<Pair> lineage = new ArrayList<>(List.of(
                new Pair("Training set", d.trainingSetId() + " (SHA-256 " + d.trainingSetSha256() + ", verified)"),
                new Pair("Rows", d.rows() + " in the snapshot; " + d.developmentRows() + " development, "
                        + d.outOfTimeRows() + " out-of-time; " + d.outsideWindows() + " outside the windows, "
                        + d.unlabelled() + " without an outcome"),
                new Pair("Label", d.labelColumn() + " (1 = bad)" + (l.labelDefinition() == null ? ""
                        : ": " + l.labelDefinition()) + (l.labelSource() == null ? "" : ", from " + l.labelSource())),
                new Pair("Bad rate", percent(d.developmentBadRate()) + " development, " + percent(d.outOfTimeBadRate())
                        + " out-of-time"),
                new Pair("Windows (from inclusive, to exclusive)", "train " + window(l.train()) + "; validation "
                        + window(l.validation()) + "; out-of-time " + window(l.outOfTime())),
                new Pair("Feature views", l.featureViews().isEmpty() ? "none recorded" : String.join(", ", l.featureViews())),
                new Pair("Code", l.gitCommit() == null ? "not recorded" : "git " + l.gitCommit()),
                new Pair("Artifact", e.facts().format() + ", " + e.facts().artifactSize() + " bytes, SHA-256 "
                        + e.facts().artifactSha256() + " (verified before loading)"),
                new Pair("Registered", "by " + e.facts().registeredBy() + " at " + e.facts().registeredAt()),
                new Pair("Inputs", String.join(", ", e.facts().inputs().keySet()))));
        return new Section("2. Data and lineage", List.of(new Pairs(lineage)));
    }

    private static Section performance(Evidence e) {
        Discrimination dev = e.development();
        Discrimination oot = e.outOfTime();
        List<Block> blocks = new ArrayList<>();
        blocks.add(table(List.of("window", "rows", "bads", "AUC", "Gini", "KS"), List.of(
                List.of("development", String.valueOf(dev.count()), String.valueOf(dev.bads()), rate(dev.auc()),
                        rate(dev.gini()), rate(dev.ks())),
                List.of("out-of-time", String.valueOf(oot.count()), String.valueOf(oot.bads()), rate(oot.auc()),
                        rate(oot.gini()), rate(oot.ks())))));
        blocks.add(new Figure(new Chart.Lines("ROC curve (bad = positive)", "share of goods above the cut-off",
                "share of bads above the cut-off", List.of(roc("development", dev), roc("out-of-time", oot)), true, 1)));
        Calibration c = e.calibration();
        blocks.add(new Subheading("Calibration (out-of-time, by development score decile)"));
        blocks.add(new Text("Jeffreys test per band, two-sided, Bonferroni-adjusted over " + c.bands().size()
                + " bands at " + percent(c.alpha()) + ": " + (c.passed() ? "passed" : "FAILED") + ", adjusted p = "
                + rate(c.pValue()) + ".", !c.passed()));
        blocks.add(table(List.of("band (p of bad)", "rows", "bads", "predicted", "observed", "Jeffreys p", "binomial p",
                        "rejected"),
                c.bands().stream().map(b -> List.of(rate(b.lower()) + " - " + rate(b.upper()), String.valueOf(b.count()),
                        String.valueOf(b.bads()), percent(b.meanPredicted()), percent(b.observedRate()),
                        rate(b.jeffreysPValue()), rate(b.binomialPValue()), b.rejected() ? "yes" : "no")).toList(),
                c.bands().stream().map(Calibration.Band::rejected).toList()));
        double top = Math.ceil(10 * c.bands().stream()
                .mapToDouble(b -> Math.max(b.meanPredicted(), b.observedRate())).max().orElse(1)) / 10;
        blocks.add(new Figure(new Chart.Lines("Calibration: observed against predicted bad rate", "predicted bad rate",
                "observed bad rate", List.of(new Chart.Series("out-of-time bands", c.bands().stream()
                        .map(b -> new double[]{b.meanPredicted(), b.observedRate()}).toList(), true)), true,
                Math.max(0.1, Math.min(1, top)))));
        Evidence.Distribution dist = e.distribution();
        List<String> bins = IntStream.range(0, dist.bins()).mapToObj(i -> rate2((i + 0.5) / dist.bins())).toList();
        blocks.add(new Subheading("Score distribution and decisions"));
        blocks.add(new Figure(new Chart.Bars("Distribution of the probability of bad", "share of rows", bins,
                List.of(new Chart.BarSeries("development", dist.development()),
                        new Chart.BarSeries("out-of-time", dist.outOfTime())), null, null, false)));
        blocks.add(table(List.of("window", "rows", "approve", "refer", "decline", "bad rate among approved"),
                e.decisions().stream().map(x -> List.of(x.window(), String.valueOf(x.count()), percent(x.approveRate()),
                        percent(x.referRate()), percent(x.declineRate()), percent(x.badRateAmongApproved()))).toList()));
        return new Section("3. Performance and calibration", blocks);
    }

    private static Chart.Series roc(String name, Discrimination d) {
        return new Chart.Series(name + " (Gini " + rate(d.gini()) + ")", d.roc().stream()
                .map(p -> new double[]{p.falsePositiveRate(), p.truePositiveRate()}).toList(), false);
    }

    private static Section stability(Stability s) {
        String verdict = s.psi() < 0.10 ? "stable (below 0.10)" : s.psi() < 0.25 ? "watch (0.10 - 0.25)" : "act (0.25 or more)";
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Text("Population stability index, out-of-time against development on the development deciles"
                + " (shares floored at " + Stability.FLOOR + "): " + rate(s.psi()) + ", " + verdict + ".", s.psi() >= 0.25));
        blocks.add(table(List.of("band (p of bad)", "development", "out-of-time", "contribution"),
                s.bands().stream().map(b -> List.of(rate(b.lower()) + " - " + rate(b.upper()), percent(b.expected()),
                        percent(b.actual()), rate(b.contribution()))).toList()));
        blocks.add(new Figure(new Chart.Bars("Share of rows per development decile", "share of rows",
                s.bands().stream().map(b -> "<= " + rate2(b.upper())).toList(),
                List.of(new Chart.BarSeries("development", s.bands().stream().map(Stability.Band::expected).toList()),
                        new Chart.BarSeries("out-of-time", s.bands().stream().map(Stability.Band::actual).toList())),
                null, null, false)));
        return new Section("4. Stability", blocks);
    }

    private static Section fairness(Evidence.Fairness f) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(Text.of("Decisions of the policy on the " + f.population() + ". Selected = approve (refer and"
                + " decline are not); positive label = good outcome. Per group, comparisons are with the most-favoured"
                + " group (AIF360's privileged group); aggregates are fairlearn's between-groups forms. A disparate"
                + " impact below " + FairnessAnalysis.FOUR_FIFTHS + " is flagged. Base rate = share of good outcomes"
                + " in the data, before any decision."));
        for (String missing : f.missing()) {
            blocks.add(new Text("Protected attribute '" + missing + "' is declared on the model card but is not in the"
                    + " training set: its fairness could not be checked.", true));
        }
        for (AttributeFairness a : f.attributes()) {
            blocks.add(new Subheading(a.attribute() + " (column " + f.columns().get(a.attribute()) + "), reference group "
                    + a.referenceGroup()));
            blocks.add(table(List.of("group", "n", "selection rate", "disparate impact", "stat. parity diff.",
                            "equal opp. diff.", "avg. odds diff.", "TPR", "FPR", "FNR", "base rate", "base-rate ratio",
                            "flag"),
                    a.groups().stream().map(g -> List.of(g.group(), String.valueOf(g.count()), rate(g.selectionRate()),
                            rate(g.disparateImpact()), rate(g.statisticalParityDifference()),
                            rate(g.equalOpportunityDifference()), rate(g.averageOddsDifference()),
                            rate(g.truePositiveRate()), rate(g.falsePositiveRate()), rate(g.falseNegativeRate()),
                            rate(g.baseRate()), rate(g.baseRateRatio()), g.flagged() ? "below 0.8" : "")).toList(),
                    a.groups().stream().map(GroupMetrics::flagged).toList()));
            blocks.add(new Pairs(List.of(
                    new Pair("Demographic parity", "difference " + rate(a.demographicParityDifference()) + ", ratio "
                            + rate(a.demographicParityRatio()) + " (= smallest disparate impact)"),
                    new Pair("Equal opportunity", "difference " + rate(a.equalOpportunityDifference()) + ", ratio "
                            + rate(a.equalOpportunityRatio())),
                    new Pair("Equalized odds", "difference " + rate(a.equalizedOddsDifference()) + ", ratio "
                            + rate(a.equalizedOddsRatio())),
                    new Pair("Labels (base rates)", "difference " + rate(a.baseRateDifference()) + ", ratio "
                            + rate(a.baseRateRatio())))));
            double reference = a.groups().stream().filter(g -> g.group().equals(a.referenceGroup())).findFirst()
                    .map(GroupMetrics::selectionRate).orElse(Double.NaN);
            blocks.add(new Figure(new Chart.Bars("Selection rate by " + a.attribute(), "share approved",
                    a.groups().stream().map(GroupMetrics::group).toList(),
                    List.of(new Chart.BarSeries("selection rate", a.groups().stream().map(GroupMetrics::selectionRate).toList()),
                            new Chart.BarSeries("base rate (good outcomes)", a.groups().stream().map(GroupMetrics::baseRate).toList())),
                    Double.isFinite(reference) ? FairnessAnalysis.FOUR_FIFTHS * reference : null,
                    "four fifths of " + a.referenceGroup(), false)));
        }
        return new Section("5. Fairness", blocks);
    }

    private static Section explanations(Evidence.Explanations x) {
        if (x == null) {
            return new Section("6. Explanations", List.of(new Text("No global explanations: the runtime could not"
                    + " explain this model (see the service log).", true)));
        }
        return new Section("6. Explanations", List.of(
                Text.of("Global importance: mean absolute contribution to the margin (log-odds of bad) per input, over "
                        + x.rows() + " development rows, by the runtime's " + x.method() + " explainer — the code that"
                        + " gives serving its reason codes."),
                new Figure(new Chart.Bars("Global importance", "mean |contribution|",
                        x.importance().stream().map(Evidence.Explanations.Importance::feature).toList(),
                        List.of(new Chart.BarSeries(x.method(), x.importance().stream()
                                .map(Evidence.Explanations.Importance::meanAbsoluteContribution).toList())),
                        null, null, true))));
    }

    private static Section gates(Evidence e, ReportFacts facts) {
        List<Block> blocks = new ArrayList<>();
        var g = e.gateInputs();
        List<Pair> inputs = new ArrayList<>(List.of(new Pair("Gini out-of-time", rate(g.giniOutOfTime())),
                new Pair("PSI development vs out-of-time", rate(g.psiDevVsOot())),
                new Pair("Calibration", (g.calibrationPassed() ? "passed" : "failed") + ", adjusted p = "
                        + rate(g.calibrationPValue())),
                new Pair("Explanations", g.explanations() ? "computed" : "not computed")));
        g.disparateImpact().forEach((attribute, ratio) -> inputs.add(new Pair("Disparate impact, " + attribute,
                ratio == null ? "not checked" : rate(ratio))));
        blocks.add(new Subheading("Inputs from this evidence"));
        blocks.add(new Pairs(inputs));
        blocks.add(new Subheading("Results of the tier's policy gates"));
        if (!facts.available() || facts.gates().isEmpty()) {
            blocks.add(Text.of(facts.available() ? "The gates have not been evaluated yet: they are, when the version"
                    + " is submitted." : "The approval workflow is not available in this service."));
        } else {
            blocks.add(table(List.of("gate", "attribute", "value", "threshold", "result", "message"),
                    facts.gates().stream().map(r -> List.of(r.name(), orEmpty(r.attribute()), number(r.value()),
                            r.threshold() == null ? orEmpty(r.comparison()) : r.comparison() + " " + number(r.threshold()),
                            r.passed() ? "passed" : r.excepted() ? "failed, excepted" : "FAILED", orEmpty(r.message())))
                            .toList(),
                    facts.gates().stream().map(r -> !r.passed()).toList()));
        }
        return new Section("7. Gate results", blocks);
    }

    private static Section findings(ReportFacts facts) {
        if (facts.findings().isEmpty()) {
            return new Section("8. Findings", List.of(Text.of(facts.available() ? "No findings have been raised."
                    : "The approval workflow is not available in this service.")));
        }
        return new Section("8. Findings", List.of(table(
                List.of("severity", "status", "finding", "owner", "due", "raised", "resolution"),
                facts.findings().stream().map(f -> List.of(f.severity(), f.status(), f.text(), f.owner(),
                        String.valueOf(f.dueOn()), f.raisedBy() + ", " + f.raisedAt(), orEmpty(f.resolution()))).toList(),
                facts.findings().stream().map(f -> f.status().equals("open")).toList())));
    }

    private static Section approvals(ReportFacts facts) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Subheading("Acts"));
        if (facts.acts().isEmpty()) {
            blocks.add(Text.of("No acts yet."));
        } else {
            blocks.add(table(List.of("act", "by", "at", "artifact", "report", "reason", "counts"),
                    facts.acts().stream().map(a -> List.of(a.act(), a.actor(), String.valueOf(a.at()),
                            shortHash(a.artifactSha256()), shortHash(a.reportSha256()), orEmpty(a.reason()),
                            a.counts() ? "yes" : "no: " + a.why())).toList(),
                    facts.acts().stream().map(a -> !a.counts()).toList()));
        }
        blocks.add(new Subheading("Policy exceptions"));
        if (facts.exceptions().isEmpty()) {
            blocks.add(Text.of("No policy exceptions."));
        } else {
            blocks.add(table(List.of("gate", "reason", "expires", "granted by", "at", "active"),
                    facts.exceptions().stream().map(x -> List.of(x.gate(), x.reason(), String.valueOf(x.expiresOn()),
                            x.grantedBy(), String.valueOf(x.grantedAt()), x.active() ? "yes" : "no")).toList(),
                    facts.exceptions().stream().map(GovernanceFacts.ExceptionView::active).toList()));
        }
        return new Section("9. Approvals and exceptions", blocks);
    }

    private static Table table(List<String> headers, List<List<String>> rows) {
        return new Table(headers, rows, rows.stream().map(r -> false).toList());
    }

    private static Table table(List<String> headers, List<List<String>> rows, List<Boolean> flagged) {
        return new Table(headers, rows, flagged);
    }

    private static String window(ModelFacts.Window w) {
        return w == null ? "none" : w.fromText() + " to " + w.toText();
    }

    private static String shortHash(String sha256) {
        return sha256 == null ? "" : sha256.substring(0, 12) + "…";
    }

    static String rate(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
    }

    private static String rate2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : "n/a";
    }

    private static String number(Double v) {
        return v == null ? "" : rate(v);
    }

    private static String orNone(String text) {
        return text == null || text.isBlank() ? "not stated" : text;
    }

    private static String orEmpty(String text) {
        return Objects.requireNonNullElse(text, "");
    }
}
