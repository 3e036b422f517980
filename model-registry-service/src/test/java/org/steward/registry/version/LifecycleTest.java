package org.steward.registry.version;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
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

class LifecycleTest {

    @ParameterizedTest(name = "{0} -> {1} by {2}")
    @CsvSource({
            "DEV, SUBMITTED, GOVERNANCE",
            "DEV, ARCHIVED, REGISTRY",
            "SUBMITTED, VALIDATED, GOVERNANCE",
            "SUBMITTED, REJECTED, GOVERNANCE",
            "VALIDATED, APPROVED, GOVERNANCE",
            "APPROVED, PRODUCTION, DEPLOYMENT",
            "APPROVED, ARCHIVED, GOVERNANCE",
            "PRODUCTION, ARCHIVED, DEPLOYMENT"})
    void eachTransitionOfTheDesignHasExactlyOneOwner(VersionStatus from, VersionStatus to, Authority owner) {
        for (Authority by : Authority.values()) {
            Lifecycle.Verdict verdict = Lifecycle.check(from, to, by);
            if (by == owner) {
                assertThat(verdict).isInstanceOf(Lifecycle.Verdict.Allowed.class);
            } else {
                assertThat(verdict).isInstanceOf(Lifecycle.Verdict.NotOwned.class);
            }
        }
    }

    @Test
    void theTableHoldsTheDesignsTransitionsAndNoOthers() {
        List<String> legal = new ArrayList<>();
        for (VersionStatus from : VersionStatus.values()) {
            for (VersionStatus to : VersionStatus.values()) {
                if (!(Lifecycle.check(from, to, REGISTRY) instanceof Lifecycle.Verdict.Illegal)) {
                    legal.add(from.code() + "->" + to.code());
                }
            }
        }
        assertThat(legal).containsExactlyInAnyOrder("dev->submitted", "dev->archived", "submitted->validated",
                "submitted->rejected", "validated->approved", "approved->production", "approved->archived",
                "production->archived");
    }

    @Test
    void anIllegalTransitionSaysWhereTheVersionMayGoInstead() {
        var verdict = (Lifecycle.Verdict.Illegal) Lifecycle.check(DEV, APPROVED, GOVERNANCE);
        assertThat(verdict.message()).isEqualTo("cannot go from dev to approved; allowed: submitted (by governance), archived (by registry)");

        var fromFinal = (Lifecycle.Verdict.Illegal) Lifecycle.check(ARCHIVED, DEV, REGISTRY);
        assertThat(fromFinal.message()).isEqualTo("cannot go from archived to dev; archived is final");
        assertThat(Lifecycle.from(REJECTED)).isEmpty();
        assertThat(Lifecycle.check(PRODUCTION, PRODUCTION, DEPLOYMENT)).isInstanceOf(Lifecycle.Verdict.Illegal.class);
    }

    @Test
    void aTransitionOwnedElsewhereNamesTheServiceAndTheCommand() {
        var approval = (Lifecycle.Verdict.NotOwned) Lifecycle.check(VALIDATED, APPROVED, REGISTRY);
        assertThat(approval.message("credit-scorecard", 3)).contains("approval is granted through governance")
                .contains("steward approve credit-scorecard 3");
        var production = (Lifecycle.Verdict.NotOwned) Lifecycle.check(APPROVED, PRODUCTION, REGISTRY);
        assertThat(production.message("m", 1)).contains("rollout completes").contains("deployment");
        var submit = (Lifecycle.Verdict.NotOwned) Lifecycle.check(DEV, SUBMITTED, REGISTRY);
        assertThat(submit.message("m", 1)).contains("steward submit m 1");
    }

    @Test
    void governanceEventTypesMapToTheirTargets() {
        assertThat(Lifecycle.governanceTarget("approval.submitted")).contains(SUBMITTED);
        assertThat(Lifecycle.governanceTarget("validation.granted")).contains(VALIDATED);
        assertThat(Lifecycle.governanceTarget("validation.rejected")).contains(REJECTED);
        assertThat(Lifecycle.governanceTarget("approval.granted")).contains(APPROVED);
        assertThat(Lifecycle.governanceTarget("approval.withdrawn")).contains(ARCHIVED);
        assertThat(Lifecycle.governanceTarget("policy.exception.granted")).isEmpty();
    }
}
