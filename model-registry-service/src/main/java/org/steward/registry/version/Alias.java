package org.steward.registry.version;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.steward.registry.model.Codes;

/**
 * The names deployment routes by: the champion is the production version that answers (at most one per model), a
 * challenger an approved or production version scored beside it in shadow or canary. Moved only by deployment events.
 */
public enum Alias {
    CHAMPION, CHALLENGER;

    @JsonValue
    public String code() {
        return Codes.of(this);
    }

    @JsonCreator
    public static Alias fromCode(String code) {
        return Codes.parse(Alias.class, code, "alias");
    }
}
