package org.steward.registry.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A business KPI monitoring computes for the model and rollouts guard. The parameters a kind needs are required
 * here, so that a KPI that cannot be computed is refused when it is defined rather than failing in production:
 * <ul>
 *   <li>{@code expected_loss}: {@code lgd} (loss given default, within [0, 1]) and {@code exposure} (the input
 *       holding the exposure at default);</li>
 *   <li>{@code fraud_capture_at_volume}: {@code alertRate}, the share of transactions alerted, within (0, 1].</li>
 * </ul>
 * Other parameters (targets, thresholds) are kept as given.
 */
public record KpiDefinition(String name, KpiKind kind, Map<String, Object> params) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public KpiDefinition {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name must be 1-63 lower-case letters, digits or underscores, starting with a letter (got '" + name + "')");
        }
        if (kind == null) {
            problems.add("kind is required");
            return problems;
        }
        switch (kind) {
            case EXPECTED_LOSS -> {
                requireShare("lgd", true, problems);
                if (!(params.get("exposure") instanceof String exposure) || exposure.isBlank()) {
                    problems.add("params.exposure is required for expected_loss: the input holding the exposure at default");
                }
            }
            case FRAUD_CAPTURE_AT_VOLUME -> requireShare("alertRate", false, problems);
            default -> {
            }
        }
        return problems;
    }

    /** A share: a number within [0, 1], or (0, 1] when zero is meaningless. */
    private void requireShare(String param, boolean zeroAllowed, List<String> problems) {
        Object value = params.get(param);
        double v = value instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!(zeroAllowed ? v >= 0 : v > 0) || !(v <= 1)) {
            problems.add("params." + param + " is required for " + kind.code() + " and must lie within "
                    + (zeroAllowed ? "[0, 1]" : "(0, 1]") + ", not " + value);
        }
    }
}
