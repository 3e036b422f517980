package org.steward.training;

import java.util.Arrays;
import java.util.Random;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The metrics of one window as the registry records them: discrimination (AUC, Gini with its bootstrap interval, KS),
 * accuracy of the probabilities (Brier, log loss), calibration by score band, the confusion at the policy cut-off
 * and the capture of bads by decile. Rounded to {@value #DECIMALS} places for people; undefined values are null.
 */
final class Evaluation {

    static final int DECIMALS = 6;

    private Evaluation() {
    }

    static double rounded(double x) {
        return Double.isFinite(x) ? Numbers.round(x, DECIMALS) : x;
    }

    /** Puts {@code value} rounded, or null when it is not a finite number. */
    static void put(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, rounded(value));
        } else {
            node.putNull(name);
        }
    }

    /** Rows, bads and the discrimination of the window. */
    static ObjectNode discrimination(double[] p, int[] y) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        long bads = Arrays.stream(y).filter(v -> v == 1).count();
        node.put("rows", p.length);
        node.put("bads", bads);
        put(node, "badRate", (double) bads / p.length);
        double auc = Metrics.auc(p, y);
        put(node, "auc", auc);
        put(node, "gini", Metrics.gini(auc));
        put(node, "ks", Metrics.ks(p, y));
        return node;
    }

    /** Everything for a validation or out-of-time window; {@code random} drives the bootstrap, if any. */
    static ObjectNode window(double[] p, int[] y, PipelineSpec.Evaluation settings, Random random) {
        ObjectNode node = discrimination(p, y);
        if (settings.bootstrap() > 0) {
            double[] interval = Metrics.giniInterval(p, y, settings.bootstrap(), random);
            ArrayNode ci = node.putArray("giniCi95");
            ci.add(rounded(interval[0]));
            ci.add(rounded(interval[1]));
        }
        put(node, "brier", Metrics.brier(p, y));
        put(node, "logLoss", Metrics.logLoss(p, y));

        ArrayNode calibration = node.putArray("calibration");
        for (Metrics.Band band : Metrics.calibration(p, y, settings.scoreBands())) {
            ObjectNode b = calibration.addObject();
            b.put("lower", band.lower()).put("upper", band.upper()).put("count", band.count()).put("bads", band.bads());
            put(b, "observed", band.count() == 0 ? Double.NaN : (double) band.bads() / band.count());
            put(b, "predicted", band.meanPredicted());
        }

        Metrics.Confusion c = Metrics.confusion(p, y, settings.policyCutoff());
        ObjectNode confusion = node.putObject("confusion");
        confusion.put("cutoff", c.cutoff()).put("declinedBads", c.declinedBads()).put("declinedGoods", c.declinedGoods())
                .put("approvedGoods", c.approvedGoods()).put("approvedBads", c.approvedBads());
        put(confusion, "approvalRate", (double) c.approved() / c.total());
        put(confusion, "badRateApproved", c.approved() == 0 ? Double.NaN : (double) c.approvedBads() / c.approved());
        long declined = c.declinedBads() + c.declinedGoods();
        put(confusion, "precision", declined == 0 ? Double.NaN : (double) c.declinedBads() / declined);
        long bads = c.declinedBads() + c.approvedBads();
        put(confusion, "recall", bads == 0 ? Double.NaN : (double) c.declinedBads() / bads);

        ArrayNode capture = node.putArray("capture");
        for (Metrics.Decile d : Metrics.capture(p, y)) {
            ObjectNode decile = capture.addObject();
            decile.put("decile", d.decile()).put("count", d.count()).put("bads", d.bads());
            put(decile, "badRate", d.count() == 0 ? Double.NaN : (double) d.bads() / d.count());
            put(decile, "cumulativeBadRate", d.cumulativeCount() == 0 ? Double.NaN
                    : (double) d.cumulativeBads() / d.cumulativeCount());
            put(decile, "capture", d.totalBads() == 0 ? Double.NaN : (double) d.cumulativeBads() / d.totalBads());
        }
        return node;
    }
}
