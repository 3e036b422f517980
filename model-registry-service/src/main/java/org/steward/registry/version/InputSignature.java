package org.steward.registry.version;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a version needs to score: the pinned feature service serving its stored features, the features the caller
 * sends with the request, and the model's inputs in the model's own order (which the runtime checks against the
 * artifact when it loads it).
 *
 * @param featureService  {@code name@version} in the feature store; null for a model fed by the request alone
 * @param requestFeatures the features a channel sends with each request
 * @param fields          the model's inputs, in model order
 */
public record InputSignature(String featureService, List<InputField> requestFeatures, List<InputField> fields) {

    static final Pattern PINNED = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*@[1-9][0-9]*");

    public InputSignature {
        requestFeatures = requestFeatures == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(requestFeatures));
        fields = fields == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(fields));
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (featureService != null && !PINNED.matcher(featureService).matches()) {
            problems.add("featureService must name a pinned feature service as name@version, e.g. credit_scoring@2, not '"
                    + featureService + "'");
        }
        if (fields.isEmpty()) {
            problems.add("fields must list the model's inputs in model order, each with a name and a type (number, string or boolean)");
        }
        checkFields("fields", fields, problems);
        checkFields("requestFeatures", requestFeatures, problems);
        return problems;
    }

    private static void checkFields(String list, List<InputField> fields, List<String> problems) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            InputField field = fields.get(i);
            String at = list + "[" + i + "]";
            if (field == null || field.name() == null || field.name().isBlank() || field.type() == null) {
                problems.add(at + " needs a name and a type (number, string or boolean)");
            } else if (!names.add(field.name())) {
                problems.add(at + ": '" + field.name() + "' is listed twice");
            }
        }
    }
}
