package org.steward.governance.approval;

import org.steward.commons.security.StewardRole;
import org.steward.commons.web.StewardException;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A version under governance: its author, the artifact and validation report that are current now, and every act
 * so far. The state is replayed from the acts that still count, so an act bound to bytes that are no longer current
 * stops counting without anything being rewritten. The rules of who may act, and when, live here.
 *
 * @param author       the identity that registered the version
 * @param reportSha256    the latest PDF validation report for the current artifact; null when none was rendered
 * @param currentReports the PDF reports rendered from the current evidence, any of which an act may be bound to
 */
public record ApprovalCase(String model, int version, String author, String artifactSha256, String reportSha256,
                           java.util.Set<String> currentReports, List<Act> acts) {

    public ApprovalCase {
        acts = List.copyOf(acts);
        currentReports = currentReports == null ? java.util.Set.of() : java.util.Set.copyOf(currentReports);
    }

    /** A case whose only current report is {@code reportSha256}. */
    public ApprovalCase(String model, int version, String author, String artifactSha256, String reportSha256, List<Act> acts) {
        this(model, version, author, artifactSha256, reportSha256,
                reportSha256 == null ? java.util.Set.of() : java.util.Set.of(reportSha256), acts);
    }

    /**
     * The acts replayed against the current artifact and report.
     *
     * @param stale act id → why it no longer counts
     */
    public record Replay(ApprovalState state, Map<UUID, String> stale) {

        public boolean counts(Act act) {
            return !stale.containsKey(act.id());
        }
    }

    public Replay replay() {
        ApprovalState state = ApprovalState.DEV;
        Map<UUID, String> stale = new LinkedHashMap<>();
        boolean approvedOnce = false;
        for (Act act : acts) {
            Optional<String> unbound = unbound(act);
            if (unbound.isPresent()) {
                stale.put(act.id(), unbound.get());
                approvedOnce |= act.type() == ActType.APPROVE && artifactSha256.equals(act.artifactSha256());
                continue;
            }
            Optional<ApprovalState> next = act.type() == ActType.WITHDRAW && !approvedOnce ? Optional.empty()
                    : act.type().from(state);
            if (next.isEmpty()) {
                stale.put(act.id(), "a " + act.type().code() + " cannot follow the state " + state.code());
                continue;
            }
            state = next.get();
            approvedOnce |= act.type() == ActType.APPROVE;
        }
        return new Replay(state, stale);
    }

    public ApprovalState state() {
        return replay().state();
    }

    /** Everyone who validated or rejected the version, on any artifact or report: none of them may approve it. */
    public Set<String> validators() {
        Set<String> validators = new LinkedHashSet<>();
        acts.stream().filter(a -> a.type() == ActType.VALIDATE || a.type() == ActType.REJECT).forEach(a -> validators.add(a.actor()));
        return validators;
    }

    /**
     * The event type {@code type} would cause now: the lifecycle type, or its renewal type when an earlier act already
     * took the registry as far.
     */
    public String eventTypeFor(ActType type) {
        boolean renews = type.renewalType() != null && acts.stream().anyMatch(a -> a.type().rank() >= type.rank());
        return renews ? type.renewalType() : type.eventType();
    }

    /**
     * Refuses the act unless the actor may perform it: submission by the author alone; validation and rejection by a
     * validator who is not the author; approval and withdrawal by an approver, and approval never by the author nor by
     * anyone who validated the version.
     */
    public void authorise(ActType type, Actor actor) {
        switch (type) {
            case SUBMIT -> {
                if (!actor.subject().equals(author)) {
                    throw StewardException.forbidden("Not the author", "only the author of " + name() + " (" + author
                            + ") may submit it; you are " + actor.subject());
                }
            }
            case VALIDATE, REJECT -> {
                requireRole(actor, StewardRole.VALIDATOR, type.code());
                notAuthor(actor, type.code());
            }
            case APPROVE -> {
                requireRole(actor, StewardRole.APPROVER, type.code());
                notAuthor(actor, type.code());
                notValidator(actor, type.code());
            }
            case WITHDRAW -> requireRole(actor, StewardRole.APPROVER, type.code());
        }
    }

    /** Refuses a policy exception unless an approver independent of the version grants it. */
    public void authoriseException(Actor actor) {
        requireRole(actor, StewardRole.APPROVER, "grant a policy exception for");
        notAuthor(actor, "grant a policy exception for");
        notValidator(actor, "grant a policy exception for");
    }

    /** Refuses raising a finding unless a validator independent of the version raises it. */
    public void authoriseFinding(Actor actor) {
        requireRole(actor, StewardRole.VALIDATOR, "raise a finding on");
        notAuthor(actor, "raise a finding on");
    }

    /** Refuses a change of a finding's status unless made by a validator (an approver to accept it), not the author. */
    public void authoriseFindingUpdate(Actor actor, FindingStatus to) {
        String what = to == FindingStatus.ACCEPTED ? "accept the risk of a finding on" : "change a finding on";
        requireRole(actor, to == FindingStatus.ACCEPTED ? StewardRole.APPROVER : StewardRole.VALIDATOR, what);
        notAuthor(actor, what);
    }

    /**
     * Refuses the act unless it is bound to the current artifact (and, for a validation or an approval, to the
     * current validation report) and fits the state.
     */
    public void check(ActType type, String claimedArtifactSha256, String claimedReportSha256) {
        requireBinding(claimedArtifactSha256, claimedReportSha256, type == ActType.VALIDATE || type == ActType.APPROVE);
        Replay replay = replay();
        if (type.from(replay.state()).isEmpty() || type == ActType.WITHDRAW && !approvedOnCurrentArtifact()) {
            throw StewardException.conflict("Act not allowed now", "cannot " + type.code() + " " + name() + ": it is "
                    + replay.state().code() + explainState(type, replay));
        }
    }

    /** Refuses unless the claimed hashes are the current ones; {@code reportRequired} for validations and approvals. */
    public void requireBinding(String claimedArtifactSha256, String claimedReportSha256, boolean reportRequired) {
        if (!artifactSha256.equals(claimedArtifactSha256)) {
            throw StewardException.conflict("Stale artifact", "you acted on artifact " + claimedArtifactSha256 + " but "
                    + name() + " is now artifact " + artifactSha256 + "; review the current artifact and act again");
        }
        if (reportRequired && reportSha256 == null) {
            throw StewardException.conflict("No validation report", "no PDF validation report has been rendered for the "
                    + "current artifact of " + name() + ": steward report " + model + " " + version + " --format pdf");
        }
        if (claimedReportSha256 != null && !currentReports.contains(claimedReportSha256)) {
            throw StewardException.conflict("Stale validation report", "you acted on validation report "
                    + claimedReportSha256 + " but the latest report of " + name() + " is " + reportSha256
                    + "; review the latest report and act again");
        }
    }

    public String name() {
        return model + " version " + version;
    }

    private boolean approvedOnCurrentArtifact() {
        return acts.stream().anyMatch(a -> a.type() == ActType.APPROVE && artifactSha256.equals(a.artifactSha256()));
    }

    private String explainState(ActType type, Replay replay) {
        if (type == ActType.APPROVE && replay.state() == ApprovalState.SUBMITTED) {
            return acts.stream().filter(a -> a.type() == ActType.VALIDATE).reduce((a, b) -> b)
                    .map(a -> "; the validation by " + a.actor() + " no longer counts: it is " + replay.stale().get(a.id())
                            + ". It must be validated again")
                    .orElse(" and has not been validated");
        }
        if (replay.state().isFinal()) {
            return ", which is final; register a new version";
        }
        return "";
    }

    private void requireRole(Actor actor, StewardRole role, String what) {
        if (!actor.has(role)) {
            throw StewardException.forbidden("Role required", "only a " + role.claimValue() + " may " + what + " "
                    + name() + "; " + actor.subject() + " is not one");
        }
    }

    private void notAuthor(Actor actor, String what) {
        if (actor.subject().equals(author)) {
            throw StewardException.forbidden("Separation of duties", actor.subject() + " registered " + name()
                    + " and may not " + what + " it: the author of a version can never validate or approve it");
        }
    }

    private void notValidator(Actor actor, String what) {
        if (validators().contains(actor.subject())) {
            throw StewardException.forbidden("Separation of duties", actor.subject() + " validated " + name()
                    + " and may not " + what + " it: the validator of a version can neither approve it nor waive its gates");
        }
    }

    private Optional<String> unbound(Act act) {
        if (!artifactSha256.equals(act.artifactSha256())) {
            return Optional.of("bound to artifact " + act.artifactSha256() + ", but the version's artifact is now "
                    + artifactSha256);
        }
        if ((act.type() == ActType.VALIDATE || act.type() == ActType.APPROVE) && !currentReports.contains(act.reportSha256())) {
            return Optional.of("bound to validation report " + act.reportSha256() + ", but the latest report is "
                    + (reportSha256 == null ? "missing" : reportSha256));
        }
        return Optional.empty();
    }
}
