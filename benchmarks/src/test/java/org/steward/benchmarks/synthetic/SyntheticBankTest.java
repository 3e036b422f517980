package org.steward.benchmarks.synthetic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticBankTest {

    private static final SyntheticBank.Options SMALL = new SyntheticBank.Options(7, 300, 2_000, 20_000,
            Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(730));

    @Test
    void theSameSeedWritesTheSameBytes(@TempDir Path one, @TempDir Path two) throws IOException {
        SyntheticDataset first = SyntheticBank.generate(SMALL, one);
        SyntheticDataset second = SyntheticBank.generate(SMALL, two);

        assertThat(first.batches()).hasSameSizeAs(second.batches());
        for (int i = 0; i < first.batches().size(); i++) {
            assertThat(Files.readAllBytes(first.batches().get(i).file())).isEqualTo(Files.readAllBytes(second.batches().get(i).file()));
        }
        assertThat(Files.readAllBytes(first.entityRows())).isEqualTo(Files.readAllBytes(second.entityRows()));
    }

    @Test
    void onlyCorrectionsTieAndTheyComeLast(@TempDir Path directory) throws IOException {
        SyntheticDataset data = SyntheticBank.generate(SMALL, directory);

        assertThat(data.featureColumns()).hasSize(30);
        assertThat(data.featureRows()).isGreaterThan(SMALL.featureRows());
        for (SyntheticView view : data.views()) {
            Set<String> keys = new HashSet<>();
            List<SyntheticDataset.Batch> batches = data.batches(view);
            for (SyntheticDataset.Batch batch : batches) {
                List<List<String>> rows = rows(batch.file());
                assertThat(rows).hasSize((int) batch.rows());
                for (List<String> row : rows) {
                    String key = row.get(0) + "@" + row.get(1);
                    if (batch.kind() == SyntheticDataset.Kind.CORRECTIONS) {
                        assertThat(keys).as("a correction ties with an earlier row").contains(key);
                    } else {
                        assertThat(keys.add(key)).as("no other tie: %s", key).isTrue();
                    }
                    for (int f = 0; f < view.features().size(); f++) {
                        SyntheticFeature feature = view.features().get(f);
                        assertThat(feature.nullable() || !row.get(2 + f).isEmpty()).as(feature.name()).isTrue();
                    }
                }
            }
            assertThat(batches).extracting(SyntheticDataset.Batch::kind).endsWith(view.correctionRate() > 0
                    ? SyntheticDataset.Kind.CORRECTIONS : SyntheticDataset.Kind.LATE);
        }
        for (int i = 1; i < data.batches().size(); i++) {
            assertThat(data.batches().get(i).loadedAt()).isAfter(data.batches().get(i - 1).loadedAt());
        }
    }

    @Test
    void entityRowsAreUniqueAndHitTheBoundaries(@TempDir Path directory) throws IOException {
        SyntheticDataset data = SyntheticBank.generate(SMALL, directory);

        List<List<String>> rows = rows(data.entityRows());
        assertThat(rows).hasSize(2_000);
        assertThat(rows.stream().map(r -> r.get(1) + "@" + r.get(2)).distinct().count()).isEqualTo(2_000);
        assertThat(rows.getFirst().getFirst()).isEqualTo("1");
        assertThat(data.entityStats().atEventTime()).isPositive();
        assertThat(data.entityStats().atTtlBoundary()).isPositive();
        assertThat(data.definitionsYaml()).contains("ttl: 90d", "ttl: 30d", "- customer_profile:age", "nullable: true");
    }

    /** The rows of a CSV file without its header (the generator never quotes). */
    private static List<List<String>> rows(Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
            rows.add(List.of(line.split(",", -1)));
        }
        return rows;
    }
}
