package org.steward.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingSetsCommandTest extends CliTestSupport {

    private static final String ID = "7f3c1d2e-0000-4000-8000-000000000001";
    private static final String API = "/api/v1/training-sets/" + ID;

    @TempDir
    Path dir;

    @Test
    void anIntactSnapshotIsExitZeroWithItsHash() {
        services.answer(prefix(Endpoint.FEATURE_STORE) + API + "/verify", 200, JSON, "{\"id\":\"" + ID
                + "\",\"intact\":true,\"rowCount\":5,\"contentSha256\":\"" + "a".repeat(64) + "\",\"actualSha256\":\"" + "a".repeat(64) + "\"}");

        assertThat(run("training-sets", "verify", ID, "--token", "t")).isZero();

        assertThat(stdout().strip()).isEqualTo("training set " + ID + " intact: 5 rows, SHA-256 " + "a".repeat(64));
        assertThat(services.requests().getFirst().authorization()).isEqualTo("Bearer t");
    }

    @Test
    void aCorruptedSnapshotIsExitOneWithBothHashes() {
        services.answer(prefix(Endpoint.FEATURE_STORE) + API + "/verify", 200, JSON, "{\"id\":\"" + ID
                + "\",\"intact\":false,\"rowCount\":5,\"contentSha256\":\"" + "a".repeat(64) + "\",\"actualSha256\":\"" + "b".repeat(64) + "\"}");

        assertThat(run("training-sets", "verify", ID, "--token", "t")).isEqualTo(1);
        assertThat(stdout()).contains("CORRUPTED", "recorded SHA-256 " + "a".repeat(64), "now hash to " + "b".repeat(64));

        assertThat(run("training-sets", "verify", ID, "--token", "t", "--json")).isEqualTo(1);
    }

    @Test
    void aSnapshotWhoseRowsAreGoneSaysSo() {
        services.answer(prefix(Endpoint.FEATURE_STORE) + API + "/verify", 200, JSON, "{\"id\":\"" + ID
                + "\",\"intact\":false,\"rowsMissing\":true,\"contentSha256\":\"" + "a".repeat(64) + "\",\"actualSha256\":null}");

        assertThat(run("training-sets", "verify", ID, "--token", "t")).isEqualTo(1);
        assertThat(stdout().strip()).isEqualTo("training set " + ID + " CORRUPTED: its rows are gone (recorded SHA-256 " + "a".repeat(64) + ")");
    }

    @Test
    void aDownloadAsksForTheFormatAndWritesTheFile() {
        services.answer(prefix(Endpoint.FEATURE_STORE) + API + "/data", 200, "application/vnd.apache.parquet", "PAR1");
        Path file = dir.resolve("training.parquet");

        assertThat(run("training-sets", "download", ID, "--out", file.toString(), "--format", "parquet", "--token", "t")).isZero();

        assertThat(services.requests().getFirst().query()).isEqualTo("format=parquet");
        assertThat(file).hasContent("PAR1");
    }

    @Test
    void aRefusedDownloadIsOneLineAndExitThree() {
        services.answer(prefix(Endpoint.FEATURE_STORE) + API + "/data", 409, PROBLEM_JSON,
                "{\"title\":\"Training set corrupted\",\"status\":409,\"detail\":\"the rows no longer hash to its recorded content hash\"}");

        assertThat(run("training-sets", "download", ID, "--out", dir.resolve("t.csv").toString(), "--token", "t")).isEqualTo(3);

        assertThat(oneErrorLine()).contains("409 Training set corrupted: the rows no longer hash");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        assertThat(run("training-sets", "download", ID, "--out", dir.resolve("t.xlsx").toString(), "--format", "xlsx")).isEqualTo(2);
        assertThat(oneErrorLine()).contains("--format must be csv or parquet, not 'xlsx'");
        assertThat(services.requests()).isEmpty();
    }

    @Test
    void anIdThatIsNotAUuidIsAUsageError() {
        assertThat(run("training-sets", "verify", "not-an-id")).isEqualTo(2);
        assertThat(oneErrorLine()).contains("'not-an-id' is not a training set id (a UUID");
        assertThat(services.requests()).isEmpty();
    }
}
