package org.steward.registry.model;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.steward.commons.security.StewardRole;
import org.steward.commons.web.StewardException;
import org.steward.registry.support.RegistryChanges;
import org.steward.registry.support.StrictJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Registers models and changes their cards; each change commits with its audit record and its registry event. */
@Service
public class ModelService {

    /** The members a card patch may carry: exactly the card's fields. */
    private static final Set<String> CARD_FIELDS = Arrays.stream(ModelCard.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet());

    private final ModelRepository models;
    private final RegistryChanges changes;
    private final StrictJson strict;
    private final JsonMapper json;
    private final Clock clock;

    ModelService(ModelRepository models, RegistryChanges changes, StrictJson strict, JsonMapper json, Clock clock) {
        this.models = models;
        this.changes = changes;
        this.strict = strict;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public RegisteredModel register(String name, String useCase, int riskTier, String owner, ModelCard card) {
        UseCase parsedUseCase;
        try {
            parsedUseCase = useCase == null ? null : UseCase.fromCode(useCase);
        } catch (IllegalArgumentException e) {
            throw StewardException.invalid(e.getMessage());
        }
        List<String> problems = new ArrayList<>(RegisteredModel.problems(name, parsedUseCase, riskTier, owner));
        problems.addAll(card.problems());
        if (!problems.isEmpty()) {
            throw StewardException.invalid(String.join("; ", problems));
        }
        RegisteredModel model = new RegisteredModel(name, parsedUseCase, riskTier, owner, card, now(),
                changes.currentActor(), null, null);
        if (!models.insert(model)) {
            throw StewardException.conflict("Model exists", "a model named '" + name
                    + "' is already registered; register a new version of it instead, or choose another name");
        }
        changes.record("model.registered", model.subject(), null, model, null, model);
        return model;
    }

    /**
     * Applies a JSON merge patch (RFC 7396) to the model's card. Only the model's owner, an ML engineer or an admin may;
     * a patch that changes nothing records nothing.
     */
    @Transactional
    public RegisteredModel updateCard(String name, JsonNode patch, Caller caller) {
        if (patch == null || !patch.isObject()) {
            throw StewardException.invalid("the body must be a JSON merge patch: an object of the card fields to change");
        }
        List<String> unknown = patch.propertyNames().stream().filter(f -> !CARD_FIELDS.contains(f)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw StewardException.invalid("cannot change " + String.join(", ", unknown) + " here: a patch may change "
                    + CARD_FIELDS.stream().sorted().collect(Collectors.joining(", "))
                    + "; name, useCase, riskTier and owner are fixed at registration");
        }
        RegisteredModel current = models.findForUpdate(name).orElseThrow(() -> notFound(name));
        if (!caller.name().equals(current.owner()) && !caller.hasAnyRole(StewardRole.ML_ENGINEER, StewardRole.ADMIN)) {
            throw StewardException.forbidden("Not the model's owner", "only the model's owner (" + current.owner()
                    + "), an ML engineer or an admin may change the card of '" + name + "'");
        }
        ModelCard card = strict.read(MergePatch.apply(json.valueToTree(current.card()), patch), ModelCard.class, "the patched card");
        List<String> problems = card.problems();
        if (!problems.isEmpty()) {
            throw StewardException.invalid(String.join("; ", problems));
        }
        if (card.equals(current.card())) {
            return current;
        }
        RegisteredModel updated = current.withCard(card, now(), caller.name());
        models.updateCard(updated);
        changes.record("model.updated", updated.subject(), current.card(), card, null, updated);
        return updated;
    }

    @Transactional(readOnly = true)
    public RegisteredModel get(String name) {
        return models.find(name).orElseThrow(() -> notFound(name));
    }

    @Transactional(readOnly = true)
    public List<RegisteredModel> list() {
        return models.findAll();
    }

    public static StewardException notFound(String name) {
        return StewardException.notFound("Model", "no model named '" + name + "' is registered; GET /api/v1/models lists them");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
