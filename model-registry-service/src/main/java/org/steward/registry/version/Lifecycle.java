package org.steward.registry.version;

import org.steward.registry.model.Codes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.steward.registry.version.Authority.DEPLOYMENT;
import static org.steward.registry.version.Authority.GOVERNANCE;
import static org.steward.registry.version.Authority.REGISTRY;
import static org.steward.registry.version.VersionStatus.APPROVED;
import static org.steward.registry.version.VersionStatus.ARCHIVED;
import static org.steward.registry.version.VersionStatus.DEV;
import static org.steward.registry.version.VersionStatus.PRODUCTION;
import static org.steward.registry.version.VersionStatus.REJECTED;
import static org.steward.registry.version.VersionStatus.SUBMITTED;
import static org.steward.registry.version.VersionStatus.VALIDATED;

/**
 * The design's lifecycle as a table: the only transitions there are, and for each the one authority that may cause
 * it. The registry applies governance-owned transitions only from governance events and deployment-owned ones only
 * from deployment events, so no REST caller, whatever their role, can approve or promote a model here.
 *
 * <pre>
 * dev --submit--> submitted --validate--> validated --approve--> approved --rollout completes--> production
 *                     \--reject--> rejected                          |  (withdrawn)                 |
 * dev --------------------------------------------------------> archived <---- successor's rollout -/
 * </pre>
 */
public final class Lifecycle {

    private static final List<Transition> TRANSITIONS = List.of(
            new Transition(DEV, SUBMITTED, GOVERNANCE, "submission goes through governance, which evaluates the policy "
                    + "gates of the model's risk tier: steward submit MODEL VERSION"),
            new Transition(DEV, ARCHIVED, REGISTRY, "the author, an ML engineer or an admin archives a version in "
                    + "development: POST /api/v1/models/MODEL/versions/VERSION/transitions {\"to\": \"archived\"}"),
            new Transition(SUBMITTED, VALIDATED, GOVERNANCE, "validation is granted through governance by an independent "
                    + "validator: steward validate MODEL VERSION"),
            new Transition(SUBMITTED, REJECTED, GOVERNANCE, "rejection is decided through governance by the validator: "
                    + "steward reject MODEL VERSION"),
            new Transition(VALIDATED, APPROVED, GOVERNANCE, "approval is granted through governance: "
                    + "steward approve MODEL VERSION"),
            new Transition(APPROVED, PRODUCTION, DEPLOYMENT, "a version reaches production when its rollout completes in "
                    + "the deployment service"),
            new Transition(APPROVED, ARCHIVED, GOVERNANCE, "an approval is withdrawn through governance"),
            new Transition(PRODUCTION, ARCHIVED, DEPLOYMENT, "a production version is archived when the rollout of its "
                    + "successor completes in the deployment service"));

    /** The governance event types and the status each one moves a version to. */
    private static final Map<String, VersionStatus> GOVERNANCE_EVENTS = Map.of(
            "approval.submitted", SUBMITTED,
            "validation.granted", VALIDATED,
            "validation.rejected", REJECTED,
            "approval.granted", APPROVED,
            "approval.withdrawn", ARCHIVED);

    private Lifecycle() {
    }

    /** What may happen to a version that has {@code status}. */
    public static List<Transition> from(VersionStatus status) {
        return TRANSITIONS.stream().filter(t -> t.from() == status).toList();
    }

    public static Optional<Transition> find(VersionStatus from, VersionStatus to) {
        return TRANSITIONS.stream().filter(t -> t.from() == from && t.to() == to).findFirst();
    }

    /** The status a governance event of {@code type} moves a version to; empty for the types the registry ignores. */
    public static Optional<VersionStatus> governanceTarget(String type) {
        return Optional.ofNullable(GOVERNANCE_EVENTS.get(type));
    }

    /** Whether {@code by} may move a version from {@code from} to {@code to}, and if not, why. */
    public static Verdict check(VersionStatus from, VersionStatus to, Authority by) {
        return find(from, to).<Verdict>map(t -> t.authority() == by ? new Verdict.Allowed(t) : new Verdict.NotOwned(t))
                .orElseGet(() -> new Verdict.Illegal(from, to, from(from)));
    }

    /** The answer of {@link #check}. */
    public sealed interface Verdict {

        record Allowed(Transition transition) implements Verdict {
        }

        /** The transition exists, but another authority causes it. */
        record NotOwned(Transition transition) implements Verdict {

            public String message(String model, int version) {
                return "the registry does not move a version from " + transition.from().code() + " to "
                        + transition.to().code() + " on request: " + transition.how(model, version);
            }
        }

        /** The lifecycle has no such transition. */
        record Illegal(VersionStatus from, VersionStatus to, List<Transition> allowed) implements Verdict {

            public String message() {
                String prefix = "cannot go from " + from.code() + " to " + to.code();
                if (allowed.isEmpty()) {
                    return prefix + "; " + from.code() + " is final";
                }
                return prefix + "; allowed: " + allowed.stream()
                        .map(t -> t.to().code() + " (by " + Codes.of(t.authority()) + ")")
                        .collect(Collectors.joining(", "));
            }
        }
    }
}
