package org.steward.registry.model;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.commons.outbox.Outbox;
import org.steward.commons.web.StewardException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Registers models; each registration commits with its audit record and its registry event. */
@Service
public class ModelService {

    private final ModelRepository models;
    private final AuditLog audit;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    ModelService(ModelRepository models, AuditLog audit, Outbox outbox, JsonMapper json, Clock clock) {
        this.models = models;
        this.audit = audit;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public RegisteredModel register(String name, String useCase, int riskTier, String owner, String description) {
        UseCase parsedUseCase;
        try {
            parsedUseCase = useCase == null ? null : UseCase.fromCode(useCase);
        } catch (IllegalArgumentException e) {
            throw StewardException.invalid(e.getMessage());
        }
        List<String> problems = RegisteredModel.problems(name, parsedUseCase, riskTier, owner);
        if (!problems.isEmpty()) {
            throw StewardException.invalid(String.join("; ", problems));
        }
        RegisteredModel model = new RegisteredModel(name, parsedUseCase, riskTier, owner, description,
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                audit.currentActor());
        if (!models.insert(model)) {
            throw StewardException.conflict("Model exists", "a model named '" + name
                    + "' is already registered; register a new version of it instead, or choose another name");
        }
        CloudEvent audited = audit.record("model.registered", model.subject(), null, model, null);
        outbox.append(Topics.REGISTRY, CloudEvent.of(audited.source(), "model.registered", model.subject(),
                audited.time(), json.valueToTree(model)));
        return model;
    }

    @Transactional(readOnly = true)
    public RegisteredModel get(String name) {
        return models.find(name).orElseThrow(() -> StewardException.notFound("Model",
                "no model named '" + name + "' is registered; GET /api/v1/models lists them"));
    }

    @Transactional(readOnly = true)
    public List<RegisteredModel> list() {
        return models.findAll();
    }
}
