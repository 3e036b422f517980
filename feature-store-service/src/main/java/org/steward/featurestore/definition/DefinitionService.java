package org.steward.featurestore.definition;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.steward.commons.audit.AuditLog;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.Topics;
import org.steward.commons.outbox.Outbox;
import org.steward.commons.web.StewardException;
import org.steward.featurestore.offline.OfflineTables;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Locale;

/**
 * Applies definition documents: plans them against the catalog, and unless it is a dry run stores the new
 * versions, creates the offline tables of new feature view versions, and records an audit event and a
 * {@value Topics#FEATURES} event per new version — all in one transaction.
 */
@Service
public class DefinitionService {

    private final DefinitionRepository repository;
    private final OfflineTables offline;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Clock clock;

    DefinitionService(DefinitionRepository repository, OfflineTables offline, AuditLog audit, Outbox outbox, Clock clock) {
        this.repository = repository;
        this.offline = offline;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public Plan apply(JsonNode document, boolean dryRun) {
        DefinitionDocument parsed;
        Plan plan;
        repository.lock();
        try {
            parsed = DefinitionCodec.parse(document);
            plan = DefinitionPlanner.plan(parsed, repository.load());
        } catch (DefinitionException e) {
            throw new StewardException(StewardException.Kind.UNPROCESSABLE, "Invalid definitions", e.getMessage());
        }
        if (dryRun) {
            return plan;
        }
        for (Object definition : plan.created()) {
            String hash = repository.insert(definition, audit.currentActor());
            record Described(String kind, String subject, ObjectNode json) {
            }
            Described d = switch (definition) {
                case Entity e -> new Described("entity", "entity/" + e.name() + "@" + e.version(), DefinitionCodec.toJson(e));
                case FeatureView v -> {
                    offline.create(v, OfflineTables.joinKeys(v, plan.catalog()));
                    yield new Described("feature-view", "feature-view/" + v.reference(), DefinitionCodec.toJson(v));
                }
                case Transformation t -> new Described("transformation", "transformation/" + t.name() + "@" + t.version(),
                        DefinitionCodec.toJson(t));
                case FeatureService s -> new Described("feature-service", "feature-service/" + s.name() + "@" + s.version(),
                        DefinitionCodec.toJson(s));
                default -> throw new IllegalStateException("unexpected definition " + definition);
            };
            d.json().put("contentHash", hash);
            String action = d.kind() + ".versioned";
            CloudEvent audited = audit.record(action, d.subject(), null, d.json(), "definitions applied");
            outbox.append(Topics.FEATURES, CloudEvent.of(audited.source(), action.toLowerCase(Locale.ROOT), d.subject(),
                    clock.instant(), d.json()));
        }
        return plan;
    }

    @Transactional(readOnly = true)
    public Catalog catalog() {
        return repository.load();
    }
}
