package org.steward.featurestore.ingest;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.steward.featurestore.ingest.IngestFixtures.NOW;
import static org.steward.featurestore.ingest.IngestFixtures.SCHEMA;

class StreamMessagesTest {

    @Test
    void checksEachMessageOnItsOwnAndKeepsItOnOneLine() {
        UUID id = UUID.randomUUID();
        List<StreamMessages.Checked> checked = StreamMessages.check(SCHEMA, NOW, id, List.of(
                new StreamMessages.Message(0, 7, "{\"customer_id\": \"c1\",\n \"event_time\": \"2024-03-01\", \"age\": 30}"),
                new StreamMessages.Message(1, 3, "{\"customer_id\": \"c2\", \"event_time\": \"2024-03-01\", \"age\": 300}"),
                new StreamMessages.Message(1, 4, "not json"),
                new StreamMessages.Message(2, 0, null)));

        assertThat(checked).extracting(StreamMessages.Checked::valid).containsExactly(true, false, false, false);
        StreamMessages.Checked valid = checked.getFirst();
        assertThat(valid.line()).doesNotContain("\n");
        assertThat(valid.eventTime()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(valid.copyLine()).isEqualTo("c1\t2024-03-01T00:00:00Z\t30\t\\N\t\\N\t\\N\t\\N\t" + id + "\n");
        assertThat(checked.get(1).violations()).singleElement()
                .satisfies(v -> assertThat(v.describe()).isEqualTo("row 1, column age (range): above the maximum 100"));
        assertThat(checked.get(2).violations()).singleElement().satisfies(v -> assertThat(v.rule()).isEqualTo(Rule.FORMAT));
        assertThat(checked.get(3).violations()).singleElement().satisfies(v -> assertThat(v.rule()).isEqualTo(Rule.FORMAT));
    }
}
