package org.steward.registry.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A model the bank runs or intends to run, independent of its versions: what it is for, how much risk it
 * carries (tier 1 is the highest), who answers for it, and its {@link ModelCard}. Name, use case, tier and owner are
 * fixed at registration; the card changes over the model's life, each change audited.
 */
public record RegisteredModel(String name, UseCase useCase, int riskTier, String owner, @JsonUnwrapped ModelCard card,
                              Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    public RegisteredModel {
        List<String> problems = problems(name, useCase, riskTier, owner);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** Every rule a new model breaks, so the caller can fix them all at once. */
    public static List<String> problems(String name, UseCase useCase, int riskTier, String owner) {
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name must be 2-63 lower-case letters, digits or dashes, starting with a letter or digit (got '" + name + "')");
        }
        if (useCase == null) {
            problems.add("useCase is required");
        }
        if (riskTier < 1 || riskTier > 3) {
            problems.add("riskTier must be 1, 2 or 3 (1 = highest risk), not " + riskTier);
        }
        if (owner == null || owner.isBlank()) {
            problems.add("owner is required: the person accountable for the model");
        }
        return problems;
    }

    public RegisteredModel withCard(ModelCard newCard, Instant at, String by) {
        return new RegisteredModel(name, useCase, riskTier, owner, newCard, createdAt, createdBy, at, by);
    }

    /** The subject of this model's events and audit records. */
    public String subject() {
        return "model/" + name;
    }
}
