package org.steward.registry.version;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.steward.commons.event.CloudEvent;
import org.steward.commons.event.MalformedEventException;
import org.steward.commons.outbox.ProcessedEvents;
import org.steward.commons.security.StewardRole;
import org.steward.commons.web.StewardException;
import org.steward.registry.model.Caller;
import org.steward.registry.support.RegistryChanges;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves versions through the lifecycle, each move by the one authority that owns it: the registry's API only archives
 * versions in development; governance events submit, validate, reject, approve and withdraw; deployment events put a
 * version into production, make it champion and assign challengers. Events are applied once (their ids are claimed
 * in the same transaction) and an event that breaks the lifecycle, or is bound to another artifact, changes nothing
 * and is audited as refused.
 */
@Service
public class LifecycleService {

    static final String CONSUMER = "model-registry.lifecycle";
    static final String ROLLOUT_COMPLETED = "rollout.completed";
    static final String CHALLENGER_ASSIGNED = "challenger.assigned";
    static final String CHALLENGER_REMOVED = "challenger.removed";
    private static final Logger log = LoggerFactory.getLogger(LifecycleService.class);

    private final VersionRepository versions;
    private final RegistryChanges changes;
    private final ProcessedEvents processed;
    private final Clock clock;

    LifecycleService(VersionRepository versions, RegistryChanges changes, ProcessedEvents processed, Clock clock) {
        this.versions = versions;
        this.changes = changes;
        this.processed = processed;
        this.clock = clock;
    }

    /** A transition asked for over REST: only archiving a version in development, by its author or an engineer. */
    @Transactional
    public ModelVersion requestTransition(String model, int number, String to, String reason, Caller caller) {
        VersionStatus target;
        try {
            target = VersionStatus.fromCode(to);
        } catch (IllegalArgumentException e) {
            throw StewardException.invalid("to: " + e.getMessage());
        }
        ModelVersion version = versions.findForUpdate(model, number).orElseThrow(() -> VersionService.notFound(model, number));
        return switch (Lifecycle.check(version.status(), target, Authority.REGISTRY)) {
            case Lifecycle.Verdict.Illegal illegal -> throw StewardException.conflict("Illegal transition", illegal.message());
            case Lifecycle.Verdict.NotOwned notOwned -> throw StewardException.conflict("Transition owned by another service",
                    notOwned.message(model, number));
            case Lifecycle.Verdict.Allowed allowed -> {
                if (!caller.name().equals(version.createdBy()) && !caller.hasAnyRole(StewardRole.ML_ENGINEER, StewardRole.ADMIN)) {
                    throw StewardException.forbidden("Not the author", "only the author of " + model + " version " + number
                            + " (" + version.createdBy() + "), an ML engineer or an admin may archive it");
                }
                yield changeStatus(version, target, List.of(), caller.name(), reason);
            }
        };
    }

    /** Applies a {@code steward.governance} event; types other than the five lifecycle acts are ignored. */
    @Transactional
    public void applyGovernance(CloudEvent event) {
        Optional<VersionStatus> target = Lifecycle.governanceTarget(event.type());
        if (target.isEmpty()) {
            return;
        }
        Act act = Act.of(event);
        if (!event.subject().equals(act.subject())) {
            throw new MalformedEventException(event.type() + " event " + event.id() + " has subject '" + event.subject()
                    + "' but its data names " + act.subject());
        }
        if (!processed.firstDelivery(CONSUMER, event.id())) {
            log.debug("Governance event {} ({}) was already applied", event.id(), event.type());
            return;
        }
        Optional<ModelVersion> found = bound(act, event, true);
        if (found.isEmpty()) {
            return;
        }
        ModelVersion version = found.get();
        switch (Lifecycle.check(version.status(), target.get(), Authority.GOVERNANCE)) {
            case Lifecycle.Verdict.Illegal illegal -> refuse(act, event, version, illegal.message());
            case Lifecycle.Verdict.NotOwned notOwned -> refuse(act, event, version, notOwned.message(act.model(), act.version()));
            case Lifecycle.Verdict.Allowed allowed -> {
                ModelVersion after = changeStatus(version, target.get(), remaining(version, target.get()), act.actor(),
                        act.reasonCiting(event));
                if (version.holds(Alias.CHALLENGER) && !after.holds(Alias.CHALLENGER)) {
                    aliasMoved(act.model(), Alias.CHALLENGER, version.version(), null, act.actor(), act.reasonCiting(event));
                }
            }
        }
    }

    /** Applies a {@code steward.deployment} event: a completed rollout or a challenger assigned or removed. */
    @Transactional
    public void applyDeployment(CloudEvent event) {
        if (!List.of(ROLLOUT_COMPLETED, CHALLENGER_ASSIGNED, CHALLENGER_REMOVED).contains(event.type())) {
            return;
        }
        Act act = Act.of(event);
        if (!processed.firstDelivery(CONSUMER, event.id())) {
            log.debug("Deployment event {} ({}) was already applied", event.id(), event.type());
            return;
        }
        bound(act, event, false).ifPresent(version -> {
            switch (event.type()) {
                case ROLLOUT_COMPLETED -> promote(version, act, event);
                case CHALLENGER_ASSIGNED -> assignChallenger(version, act, event);
                default -> removeChallenger(version, act, event);
            }
        });
    }

    /**
     * The version becomes the production champion and the previous champion is archived, in this one transaction;
     * the previous champion's alias is cleared first, since the database allows one champion per model at any time.
     */
    private void promote(ModelVersion version, Act act, CloudEvent event) {
        if (version.holds(Alias.CHAMPION)) {
            log.info("{} is already the champion; {} changes nothing", version.subject(), event.id());
            return;
        }
        if (!(Lifecycle.check(version.status(), VersionStatus.PRODUCTION, Authority.DEPLOYMENT) instanceof Lifecycle.Verdict.Allowed)) {
            refuse(act, event, version, "only an approved version can complete a rollout; " + version.subject() + " is "
                    + version.status().code());
            return;
        }
        String reason = act.reasonCiting(event);
        Optional<ModelVersion> previous = versions.findChampionForUpdate(version.model());
        previous.ifPresent(champion -> changeStatus(champion, VersionStatus.ARCHIVED, List.of(), act.actor(),
                "replaced by version " + version.version() + " as champion; " + reason));
        changeStatus(version, VersionStatus.PRODUCTION, List.of(Alias.CHAMPION), act.actor(), reason);
        aliasMoved(version.model(), Alias.CHAMPION, previous.map(ModelVersion::version).orElse(null), version.version(),
                act.actor(), reason);
        if (version.holds(Alias.CHALLENGER)) {
            aliasMoved(version.model(), Alias.CHALLENGER, version.version(), null, act.actor(), reason);
        }
    }

    private void assignChallenger(ModelVersion version, Act act, CloudEvent event) {
        if (version.holds(Alias.CHALLENGER)) {
            log.info("{} is already a challenger; {} changes nothing", version.subject(), event.id());
            return;
        }
        if (version.holds(Alias.CHAMPION)
                || !(version.status() == VersionStatus.APPROVED || version.status() == VersionStatus.PRODUCTION)) {
            refuseAlias(act, event, version, "only an approved or production version other than the champion can be a "
                    + "challenger; " + version.subject() + " is " + version.status().code()
                    + (version.holds(Alias.CHAMPION) ? " and the champion" : ""));
            return;
        }
        List<Alias> aliases = new ArrayList<>(version.aliases());
        aliases.add(Alias.CHALLENGER);
        versions.update(version.model(), version.version(), version.status(), aliases, version.statusChangedAt());
        aliasMoved(version.model(), Alias.CHALLENGER, null, version.version(), act.actor(), act.reasonCiting(event));
    }

    private void removeChallenger(ModelVersion version, Act act, CloudEvent event) {
        if (!version.holds(Alias.CHALLENGER)) {
            log.info("{} is not a challenger; {} changes nothing", version.subject(), event.id());
            return;
        }
        versions.update(version.model(), version.version(), version.status(),
                version.aliases().stream().filter(a -> a != Alias.CHALLENGER).toList(), version.statusChangedAt());
        aliasMoved(version.model(), Alias.CHALLENGER, version.version(), null, act.actor(), act.reasonCiting(event));
    }

    /**
     * The version the event names, locked, if it exists and the event is bound to its artifact (which governance acts
     * must name; deployment events may); otherwise the refusal is audited and nothing else happens.
     */
    private Optional<ModelVersion> bound(Act act, CloudEvent event, boolean artifactRequired) {
        Optional<ModelVersion> found = versions.findForUpdate(act.model(), act.version());
        if (found.isEmpty()) {
            refuse(act, event, null, "no such version is registered");
            return Optional.empty();
        }
        ModelVersion version = found.get();
        if (artifactRequired && act.artifactSha256() == null) {
            refuse(act, event, version, "the event names no artifactSha256: an act not bound to the artifact it "
                    + "concerns does not count");
            return Optional.empty();
        }
        if (act.artifactSha256() != null && !act.artifactSha256().equals(version.artifactSha256())) {
            refuse(act, event, version, "the event is bound to artifact " + act.artifactSha256() + " but the version's "
                    + "artifact is " + version.artifactSha256() + ": an act on other bytes does not count");
            return Optional.empty();
        }
        return found;
    }

    /** Aliases a version keeps in its new status: the champion answers in production, challengers are approved or in production. */
    private static List<Alias> remaining(ModelVersion version, VersionStatus to) {
        return version.aliases().stream()
                .filter(a -> a == Alias.CHAMPION ? to == VersionStatus.PRODUCTION
                        : to == VersionStatus.APPROVED || to == VersionStatus.PRODUCTION)
                .toList();
    }

    private ModelVersion changeStatus(ModelVersion version, VersionStatus to, List<Alias> aliases, String actor, String reason) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        versions.update(version.model(), version.version(), to, aliases, now);
        ModelVersion after = new ModelVersion(version.model(), version.version(), to, aliases, version.format(),
                version.artifactSha256(), version.artifactSize(), version.description(), version.inputSignature(),
                version.metrics(), version.params(), version.lineage(), version.lineageSha256(), version.createdAt(),
                version.createdBy(), now, version.reproduced());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", version.model());
        data.put("version", version.version());
        data.put("from", version.status());
        data.put("to", to);
        data.put("artifactSha256", version.artifactSha256());
        data.put("actor", actor);
        data.put("reason", reason);
        changes.record(actor, "model.version.status-changed", version.subject(), state(version), state(after), reason, data);
        return after;
    }

    private void aliasMoved(String model, Alias alias, Integer from, Integer to, String actor, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", model);
        data.put("alias", alias);
        data.put("from", from);
        data.put("to", to);
        changes.record(actor, "model.alias.moved", "model/" + model, aliasState(alias, from), aliasState(alias, to), reason, data);
    }

    private void refuse(Act act, CloudEvent event, ModelVersion version, String why) {
        refused("model.version.transition-refused", act, event, version, why);
    }

    private void refuseAlias(Act act, CloudEvent event, ModelVersion version, String why) {
        refused("model.alias.move-refused", act, event, version, why);
    }

    private void refused(String action, Act act, CloudEvent event, ModelVersion version, String why) {
        String reason = event.type() + " event " + event.id() + " from " + event.source() + " refused: " + why;
        log.warn("Refused {}: {}", act.subject(), reason);
        changes.auditOnly(act.actor(), action, act.subject(),
                version == null ? null : state(version), reason);
    }

    private static Map<String, Object> state(ModelVersion version) {
        return Map.of("status", version.status(), "aliases", version.aliases(), "artifactSha256", version.artifactSha256());
    }

    private static Map<String, Object> aliasState(Alias alias, Integer version) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("alias", alias);
        state.put("version", version);
        return state;
    }

    /**
     * The data of a lifecycle event: {@code {model, version, actor, artifactSha256, reason}}. An event without model
     * and version can never be applied and goes to the dead-letter topic. Without an actor, the emitting service is.
     */
    private record Act(String model, int version, String actor, String artifactSha256, String reason) {

        static Act of(CloudEvent event) {
            JsonNode data = event.data();
            String model = text(data, "model");
            JsonNode version = data.get("version");
            if (model == null || version == null || !version.canConvertToExactIntegral() || version.asInt() < 1) {
                throw new MalformedEventException(event.type() + " event " + event.id()
                        + " needs data.model and a positive data.version");
            }
            String actor = text(data, "actor");
            return new Act(model, version.asInt(), actor == null ? "system:" + event.source().replaceFirst("^/", "") : actor,
                    text(data, "artifactSha256"), text(data, "reason"));
        }

        String subject() {
            return ModelVersion.subject(model, version);
        }

        String reasonCiting(CloudEvent event) {
            return event.type() + " (event " + event.id() + ")" + (reason == null ? "" : ": " + reason);
        }

        private static String text(JsonNode data, String field) {
            JsonNode value = data.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }
    }
}
