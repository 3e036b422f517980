package org.steward.governance.evidence;

import org.steward.runtime.FieldType;
import org.steward.runtime.InputField;
import org.steward.runtime.InputSignature;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the registry says about a model and one of its versions, as far as evidence and the report need it: the card
 * (purpose, limitations, protected attributes, decision policy), the version's artifact and inputs, and its
 * lineage. Kept in the evidence so the report shows what the evidence was computed from.
 *
 * @param decisionPolicy null when the card has none
 * @param inputs         the model's inputs in model order: name → type code ({@code number}, {@code string},
 *                       {@code boolean})
 */
public record ModelFacts(String model, String useCase, int riskTier, String owner, String description,
                         String intendedUse, String limitations, List<String> protectedAttributes,
                         DecisionPolicy decisionPolicy, int version, String status, String format,
                         String artifactSha256, long artifactSize, String registeredBy, Instant registeredAt,
                         Map<String, String> inputs, Lineage lineage) {

    public ModelFacts {
        protectedAttributes = List.copyOf(protectedAttributes);
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /**
     * The parts of the version's lineage evidence reads; windows are half-open, {@code [from, to)}, as the
     * registry's check that the out-of-time window starts at or after the others end implies.
     */
    public record Lineage(String trainingSetId, String trainingSetSha256, List<String> featureViews,
                          String labelDefinition, String labelSource, Window train, Window validation,
                          Window outOfTime, String gitCommit) {

        public Lineage {
            featureViews = List.copyOf(featureViews);
        }
    }

    /** A window as written ({@code 2024-01-31} or an instant) and as instants. */
    public record Window(String fromText, String toText, Instant from, Instant to) {

        boolean contains(Instant time) {
            return !time.isBefore(from) && time.isBefore(to);
        }
    }

    /** The input signature the runtime loads the artifact with. */
    public InputSignature signature() {
        return new InputSignature(inputs.entrySet().stream()
                .map(e -> new InputField(e.getKey(), FieldType.valueOf(e.getValue().toUpperCase(Locale.ROOT))))
                .toList());
    }

    /** From the registry's JSON of the model ({@code GET /api/v1/models/{m}}) and of the version. */
    static ModelFacts from(JsonNode model, JsonNode version) {
        List<String> protectedAttributes = new ArrayList<>();
        model.path("protectedAttributes").forEach(a -> protectedAttributes.add(a.asString()));
        Map<String, String> inputs = new LinkedHashMap<>();
        version.path("inputSignature").path("fields").forEach(f -> inputs.put(f.path("name").asString(),
                f.path("type").asString()));
        JsonNode lineage = version.path("lineage");
        JsonNode windows = lineage.path("windows");
        List<String> views = new ArrayList<>();
        lineage.path("featureViews").forEach(v -> views.add(v.asString()));
        return new ModelFacts(model.path("name").asString(), text(model, "useCase"), model.path("riskTier").asInt(),
                text(model, "owner"), text(model, "description"), text(model, "intendedUse"), text(model, "limitations"),
                protectedAttributes, policy(model.path("decisionPolicy")), version.path("version").asInt(),
                text(version, "status"), text(version, "format"), text(version, "artifactSha256"),
                version.path("artifactSize").asLong(), text(version, "createdBy"),
                instant(text(version, "createdAt")), inputs,
                new Lineage(text(lineage.path("trainingSet"), "id"), text(lineage.path("trainingSet"), "sha256"), views,
                        text(lineage.path("label"), "definition"), text(lineage.path("label"), "source"),
                        window(windows.path("train")), window(windows.path("validation")),
                        window(windows.path("outOfTime")), text(lineage.path("code"), "gitCommit")));
    }

    private static DecisionPolicy policy(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        List<DecisionPolicy.CutOff> cutOffs = new ArrayList<>();
        node.path("cutOffs").forEach(c -> cutOffs.add(new DecisionPolicy.CutOff(c.path("upTo").asDouble(),
                DecisionPolicy.Decision.fromCode(c.path("decision").asString()))));
        return new DecisionPolicy(cutOffs);
    }

    private static Window window(JsonNode node) {
        String from = text(node, "from");
        String to = text(node, "to");
        return from == null || to == null ? null : new Window(from, to, instant(from), instant(to));
    }

    /** An ISO date (midnight UTC) or an instant with an offset, as the registry accepts them. */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
