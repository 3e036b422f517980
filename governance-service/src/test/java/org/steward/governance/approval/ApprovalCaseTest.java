package org.steward.governance.approval;

import org.junit.jupiter.api.Test;
import org.steward.commons.security.StewardRole;
import org.steward.commons.web.StewardException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalCaseTest {

    private static final String ARTIFACT = "a".repeat(64);
    private static final String OTHER_ARTIFACT = "b".repeat(64);
    private static final String REPORT = "c".repeat(64);
    private static final String NEW_REPORT = "d".repeat(64);

    private final Actor author = new Actor("dana", Set.of(StewardRole.DATA_SCIENTIST, StewardRole.VALIDATOR, StewardRole.APPROVER));
    private final Actor vera = new Actor("vera", Set.of(StewardRole.VALIDATOR, StewardRole.APPROVER));
    private final Actor alex = new Actor("alex", Set.of(StewardRole.APPROVER));
    private final List<Act> acts = new ArrayList<>();

    @Test
    void replaysTheLifecycleFromTheActsThatCount() {
        assertThat(current(REPORT).state()).isEqualTo(ApprovalState.DEV);
        act(ActType.SUBMIT, "dana", ARTIFACT, null);
        act(ActType.VALIDATE, "vera", ARTIFACT, REPORT);
        act(ActType.APPROVE, "alex", ARTIFACT, REPORT);
        assertThat(current(REPORT).state()).isEqualTo(ApprovalState.APPROVED);
        assertThat(current(REPORT).replay().stale()).isEmpty();
    }

    @Test
    void aNewReportUndoesTheValidationAndTheApprovalBoundToTheOldOne() {
        act(ActType.SUBMIT, "dana", ARTIFACT, null);
        act(ActType.VALIDATE, "vera", ARTIFACT, REPORT);
        act(ActType.APPROVE, "alex", ARTIFACT, REPORT);

        ApprovalCase.Replay replay = current(NEW_REPORT).replay();

        assertThat(replay.state()).isEqualTo(ApprovalState.SUBMITTED);
        assertThat(replay.stale()).hasSize(2).allSatisfy((id, why) -> assertThat(why).contains("bound to validation report " + REPORT));
        assertThat(current(NEW_REPORT).eventTypeFor(ActType.VALIDATE)).isEqualTo("validation.renewed");
        assertThat(current(NEW_REPORT).eventTypeFor(ActType.APPROVE)).isEqualTo("approval.renewed");
    }

    @Test
    void aNewArtifactUndoesEveryAct() {
        act(ActType.SUBMIT, "dana", ARTIFACT, null);
        act(ActType.VALIDATE, "vera", ARTIFACT, REPORT);
        ApprovalCase changed = new ApprovalCase("m", 1, "dana", OTHER_ARTIFACT, null, acts);
        assertThat(changed.state()).isEqualTo(ApprovalState.DEV);
        assertThatThrownBy(() -> changed.check(ActType.APPROVE, ARTIFACT, REPORT))
                .isInstanceOfSatisfying(StewardException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StewardException.Kind.CONFLICT);
                    assertThat(e.title()).isEqualTo("Stale artifact");
                });
    }

    @Test
    void separatesTheDutiesOfAuthorValidatorAndApprover() {
        act(ActType.SUBMIT, "dana", ARTIFACT, null);
        ApprovalCase submitted = current(REPORT);
        assertForbidden(() -> submitted.authorise(ActType.SUBMIT, vera), "Not the author");
        assertForbidden(() -> submitted.authorise(ActType.VALIDATE, author), "Separation of duties");
        assertForbidden(() -> submitted.authorise(ActType.VALIDATE, alex), "Role required");
        submitted.authorise(ActType.VALIDATE, vera);

        act(ActType.VALIDATE, "vera", ARTIFACT, REPORT);
        ApprovalCase validated = current(REPORT);
        assertForbidden(() -> validated.authorise(ActType.APPROVE, author), "Separation of duties");
        assertForbidden(() -> validated.authorise(ActType.APPROVE, vera), "Separation of duties");
        assertForbidden(() -> validated.authoriseException(vera), "Separation of duties");
        validated.authorise(ActType.APPROVE, alex);
        validated.authoriseException(alex);
    }

    @Test
    void aWithdrawalNeedsAnApprovalAndEndsTheCase() {
        act(ActType.SUBMIT, "dana", ARTIFACT, null);
        assertThatThrownBy(() -> current(REPORT).check(ActType.WITHDRAW, ARTIFACT, null)).isInstanceOf(StewardException.class);
        act(ActType.VALIDATE, "vera", ARTIFACT, REPORT);
        act(ActType.APPROVE, "alex", ARTIFACT, REPORT);
        current(NEW_REPORT).check(ActType.WITHDRAW, ARTIFACT, null);
        act(ActType.WITHDRAW, "alex", ARTIFACT, null);
        assertThat(current(NEW_REPORT).state()).isEqualTo(ApprovalState.WITHDRAWN);
        assertThat(current(REPORT).eventTypeFor(ActType.WITHDRAW)).isEqualTo("approval.withdrawn");
    }

    private ApprovalCase current(String report) {
        return new ApprovalCase("m", 1, "dana", ARTIFACT, report, acts);
    }

    private void act(ActType type, String actor, String artifact, String report) {
        acts.add(new Act(UUID.randomUUID(), type, actor, artifact, report, null, type.eventType(), Instant.now()));
    }

    private static void assertForbidden(Runnable attempt, String title) {
        assertThatThrownBy(attempt::run).isInstanceOfSatisfying(StewardException.class, e -> {
            assertThat(e.kind()).isEqualTo(StewardException.Kind.FORBIDDEN);
            assertThat(e.title()).isEqualTo(title);
        });
    }
}
