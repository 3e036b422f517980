package org.steward.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage errors, help and version: what a user sees before any service is called. */
class StewardCliTest extends CliTestSupport {

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);

        assertThat(oneErrorLine()).isEqualTo("steward: Missing required subcommand — see 'steward --help'");
    }

    @Test
    void aGroupWithoutItsCommandIsAUsageError() {
        assertThat(run("audit")).isEqualTo(2);

        assertThat(oneErrorLine()).isEqualTo("steward: Missing required subcommand — see 'steward audit --help'");
    }

    @Test
    void aMisspelledCommandSuggestsTheRightOne() {
        assertThat(run("stauts")).isEqualTo(2);

        assertThat(oneErrorLine()).contains("'stauts'").contains("did you mean status");
    }

    @Test
    void aBadOptionValueIsOneLineAndExitTwo() {
        assertThat(run("audit", "events", "--page", "two")).isEqualTo(2);

        assertThat(oneErrorLine()).contains("--page").contains("'two'").endsWith("— see 'steward audit events --help'");
        assertThat(services.requests()).isEmpty();
    }

    @Test
    void aTimeThatIsNotIsoSaysWhatIsExpected() {
        assertThat(run("audit", "events", "--from", "yesterday")).isEqualTo(2);

        assertThat(oneErrorLine()).contains("'yesterday' is not an ISO-8601 instant such as 2025-01-31T09:00:00Z");
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        assertThat(run("audit", "export")).isEqualTo(2);

        assertThat(oneErrorLine()).contains("--out").endsWith("— see 'steward audit export --help'");
    }

    @Test
    void anInvalidServiceUrlInTheEnvironmentIsAUsageError() {
        env.put("STEWARD_GOVERNANCE_URL", "localhost:8085");

        assertThat(run("audit", "verify")).isEqualTo(2);

        assertThat(oneErrorLine()).isEqualTo(
                "steward: STEWARD_GOVERNANCE_URL is not a valid URL ('localhost:8085') — set it to e.g. http://localhost:8085");
    }

    @Test
    void helpDocumentsTheEnvironmentAndExitCodes() {
        assertThat(run("--help")).isZero();

        assertThat(stdout()).contains("status", "token", "audit", "Environment (service URLs and token):",
                "STEWARD_GOVERNANCE_URL", "http://localhost:8085", "STEWARD_ISSUER_URL", "STEWARD_TOKEN",
                "Exit codes:", "usage error");
    }

    @Test
    void everyCommandHasHelpAndJson() {
        for (String[] command : new String[][] {{"status"}, {"token"}, {"audit", "events"}, {"audit", "verify"},
                {"audit", "checkpoint"}, {"audit", "export"}, {"audit", "public-key"}, {"audit", "verify-offline"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            assertThat(run(args)).as(String.join(" ", command)).isZero();
            assertThat(stdout()).as(String.join(" ", command)).contains("--json");
        }
    }

    @Test
    void versionIsDevOutsideAJar() {
        assertThat(run("--version")).isZero();

        assertThat(stdout().strip()).isEqualTo("steward dev");
    }
}
