package org.steward.governance.approval;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.steward.commons.security.StewardRole;
import org.steward.commons.web.StewardException;
import org.steward.governance.catalog.CatalogModel;
import org.steward.governance.catalog.CatalogRepository;
import org.steward.governance.catalog.CatalogVersion;
import org.steward.governance.policy.GateEvaluation;
import org.steward.governance.policy.GateResult;
import org.steward.governance.policy.PolicyRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What awaits each role, for the caller: versions to validate (never the caller's own), to approve or to decide an
 * exception for (never the caller's own, nor one the caller validated), and the caller's own versions to submit or
 * remediate.
 */
@Service
@Transactional(readOnly = true)
public class ApprovalQueues {

    /** The roles with a queue. */
    public enum Role {
        VALIDATOR, APPROVER, AUTHOR;

        public static Role of(String code) {
            return Stream.of(values()).filter(r -> r.name().toLowerCase(Locale.ROOT).equals(code)).findFirst()
                    .orElseThrow(() -> StewardException.invalid("role must be validator, approver or author, not '" + code + "'"));
        }
    }

    /**
     * One version awaiting the role.
     *
     * @param awaiting     {@code validate}, {@code approve}, {@code exception} (a gate fails without one),
     *                     {@code submit} or {@code remediate} (open findings)
     * @param since        when the version last moved: its last counting act, or its registration
     * @param failingGates failing gates without an active exception, as {@code gate} or {@code gate (attribute)}
     */
    public record QueueItem(String model, int version, String state, String awaiting, String author, String useCase,
                            Integer riskTier, String artifactSha256, String reportSha256, Instant since,
                            List<String> failingGates, long openFindings) {
    }

    private final CatalogRepository catalog;
    private final PolicyRepository policy;
    private final ApprovalRepository approvals;
    private final Cases cases;
    private final Clock clock;

    ApprovalQueues(CatalogRepository catalog, PolicyRepository policy, ApprovalRepository approvals, Cases cases, Clock clock) {
        this.catalog = catalog;
        this.policy = policy;
        this.approvals = approvals;
        this.cases = cases;
        this.clock = clock;
    }

    public List<QueueItem> queue(Role role, Actor actor) {
        List<QueueItem> items = new ArrayList<>();
        switch (role) {
            case VALIDATOR -> {
                require(actor, StewardRole.VALIDATOR);
                for (Candidate x : submitted()) {
                    if (x.c().state() == ApprovalState.SUBMITTED && !x.c().author().equals(actor.subject())) {
                        items.add(item(x.v(), x.c(), "validate"));
                    }
                }
            }
            case APPROVER -> {
                require(actor, StewardRole.APPROVER);
                for (Candidate x : submitted()) {
                    if (x.c().author().equals(actor.subject()) || x.c().validators().contains(actor.subject())) {
                        continue;
                    }
                    if (x.c().state() == ApprovalState.VALIDATED) {
                        items.add(item(x.v(), x.c(), "approve"));
                    } else if (x.c().state() == ApprovalState.SUBMITTED && !failingGates(x.v()).isEmpty()) {
                        items.add(item(x.v(), x.c(), "exception"));
                    }
                }
            }
            case AUTHOR -> {
                for (CatalogVersion v : catalog.versionsBy(actor.subject())) {
                    ApprovalCase c = cases.load(v);
                    if (c.state() == ApprovalState.DEV) {
                        items.add(item(v, c, "submit"));
                    } else if (openFindings(v) > 0 && !c.state().isFinal()) {
                        items.add(item(v, c, "remediate"));
                    }
                }
            }
        }
        return items;
    }

    /** A version that was submitted at least once, with its case. */
    private record Candidate(CatalogVersion v, ApprovalCase c) {
    }

    private List<Candidate> submitted() {
        List<Candidate> candidates = new ArrayList<>();
        for (ApprovalRepository.VersionKey key : approvals.submitted()) {
            catalog.version(key.model(), key.version()).ifPresent(v -> candidates.add(new Candidate(v, cases.load(v))));
        }
        return candidates;
    }

    private QueueItem item(CatalogVersion v, ApprovalCase c, String awaiting) {
        Optional<CatalogModel> m = catalog.model(v.model());
        ApprovalCase.Replay replay = c.replay();
        Instant since = c.acts().stream().filter(replay::counts).map(Act::at).reduce((a, b) -> b).orElse(v.registeredAt());
        return new QueueItem(v.model(), v.version(), replay.state().code(), awaiting, c.author(),
                m.map(CatalogModel::useCase).orElse(null), m.map(CatalogModel::riskTier).orElse(null), v.artifactSha256(),
                c.reportSha256(), since, failingGates(v), openFindings(v));
    }

    private List<String> failingGates(CatalogVersion v) {
        Optional<GateEvaluation> evaluation = policy.latestEvaluation(v.model(), v.version(), v.artifactSha256());
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return evaluation.map(e -> e.blocking(policy.exceptions(v.model(), v.version()), today).stream()
                .map(ApprovalQueues::name).distinct().toList()).orElse(List.of());
    }

    private long openFindings(CatalogVersion v) {
        return approvals.findings(v.model(), v.version()).stream().filter(f -> f.status() == FindingStatus.OPEN).count();
    }

    private static String name(GateResult r) {
        return r.gate().code() + (r.attribute() == null ? "" : " (" + r.attribute() + ")");
    }

    private static void require(Actor actor, StewardRole role) {
        if (!actor.has(role)) {
            throw StewardException.forbidden("Role required", "the " + role.claimValue() + " queue is for "
                    + role.claimValue() + "s; " + actor.subject() + " is not one");
        }
    }
}
