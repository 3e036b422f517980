package org.steward.registry.version;

import org.steward.registry.artifact.ContentAddress;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a version came from, field by field what reproduction needs: the training-set snapshot and its hash, the
 * feature view versions, the label, the time windows, the code, the environment, the seeds and the pipeline spec
 * itself. Every part is optional, because a model trained in a notebook may not have it; what is missing is reported
 * by {@link ReproducibilityEvidence}, not refused. What is given must be well-formed.
 *
 * @param featureViews pinned as {@code name@version}
 * @param environment  dependency name → version
 * @param seeds        what each seed drives (split, estimator, …) → its value
 * @param pipelineSpec the spec as written (YAML or JSON text) or as a JSON object
 */
public record Lineage(TrainingSet trainingSet, List<String> featureViews, Label label, Windows windows, Code code,
                      Map<String, String> environment, Map<String, Long> seeds, JsonNode pipelineSpec) {

    private static final Pattern GIT_COMMIT = Pattern.compile("[0-9a-f]{7,64}");

    /** The immutable training-set snapshot of the feature store and its content hash. */
    public record TrainingSet(String id, String sha256) {
    }

    /** What the model predicts ({@code definition}, e.g. "90+ days past due within 12 months") and where it comes from. */
    public record Label(String definition, String source) {
    }

    public record Windows(Window train, Window validation, Window outOfTime) {
    }

    /**
     * A time window, each end an ISO date ({@code 2024-01-31}, midnight UTC) or instant, kept as written.
     */
    public record Window(String from, String to) {

        Optional<Instant> start() {
            return instant(from);
        }

        Optional<Instant> end() {
            return instant(to);
        }

        private static Optional<Instant> instant(String text) {
            if (text == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notADate) {
                try {
                    return Optional.of(OffsetDateTime.parse(text).toInstant());
                } catch (DateTimeParseException notAnInstant) {
                    return Optional.empty();
                }
            }
        }
    }

    /** The git commit the pipeline ran from and whether the working tree had uncommitted changes. */
    public record Code(String gitCommit, Boolean dirty) {
    }

    public Lineage {
        featureViews = featureViews == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(featureViews));
        environment = environment == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(environment));
        seeds = seeds == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(seeds));
        pipelineSpec = pipelineSpec == null || pipelineSpec.isNull() || pipelineSpec.isMissingNode() ? null : pipelineSpec;
    }

    public static Lineage none() {
        return new Lineage(null, null, null, null, null, null, null, null);
    }

    /** Every malformed part, with its path; a missing part is not a problem. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (trainingSet != null && trainingSet.sha256() != null && !ContentAddress.isValid(trainingSet.sha256())) {
            problems.add("trainingSet.sha256 must be 64 lower-case hex digits, not '" + trainingSet.sha256() + "'");
        }
        for (int i = 0; i < featureViews.size(); i++) {
            String view = featureViews.get(i);
            if (view == null || !InputSignature.PINNED.matcher(view).matches()) {
                problems.add("featureViews[" + i + "] must pin a view as name@version, e.g. customer_profile@2, not '" + view + "'");
            }
        }
        if (windows != null) {
            checkWindow("train", windows.train(), problems);
            checkWindow("validation", windows.validation(), problems);
            checkWindow("outOfTime", windows.outOfTime(), problems);
            checkOutOfTime(windows, problems);
        }
        if (code != null && code.gitCommit() != null && !GIT_COMMIT.matcher(code.gitCommit()).matches()) {
            problems.add("code.gitCommit must be a commit id (7-64 lower-case hex digits), not '" + code.gitCommit() + "'");
        }
        environment.forEach((name, version) -> {
            if (name.isBlank() || version == null || version.isBlank()) {
                problems.add("environment must map each dependency to its version; '" + name + "' has '" + version + "'");
            }
        });
        seeds.forEach((name, value) -> {
            if (value == null) {
                problems.add("seeds." + name + " needs a value");
            }
        });
        if (pipelineSpec != null && !pipelineSpec.isString() && !pipelineSpec.isObject()) {
            problems.add("pipelineSpec must be the spec's text (YAML or JSON) or a JSON object");
        }
        return problems;
    }

    private static void checkWindow(String name, Window window, List<String> problems) {
        if (window == null) {
            return;
        }
        Optional<Instant> start = window.start();
        Optional<Instant> end = window.end();
        if (start.isEmpty() || end.isEmpty()) {
            problems.add("windows." + name + " needs from and to as ISO dates (2024-01-31) or instants (2024-01-31T00:00:00Z), "
                    + "not '" + window.from() + "' and '" + window.to() + "'");
        } else if (!start.get().isBefore(end.get())) {
            problems.add("windows." + name + ".from (" + window.from() + ") must be before its to (" + window.to() + ")");
        }
    }

    /** An out-of-time window that overlaps the data the model was built and tuned on is not out of time. */
    private static void checkOutOfTime(Windows windows, List<String> problems) {
        startsAfter(windows.outOfTime(), "train", windows.train(), problems);
        startsAfter(windows.outOfTime(), "validation", windows.validation(), problems);
    }

    private static void startsAfter(Window outOfTime, String name, Window earlier, List<String> problems) {
        if (outOfTime == null || earlier == null) {
            return;
        }
        Optional<Instant> start = outOfTime.start();
        Optional<Instant> earlierEnd = earlier.end();
        if (start.isPresent() && earlierEnd.isPresent() && start.get().isBefore(earlierEnd.get())) {
            problems.add("windows.outOfTime must start at or after the end of the " + name + " window (" + earlier.to()
                    + "), not at " + outOfTime.from());
        }
    }
}
