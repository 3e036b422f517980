package org.steward.commons.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class CallerTermsTest {

    enum Mode { RANGE, INCREMENTAL }

    record Entity(String customerId, long age) {
    }

    record Request(String featureService, Integer version, List<Entity> entities, Instant end, Mode mode,
                   Map<String, Object> extra, boolean dryRun) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aValueOfTheWrongJsonTypeIsNamedByItsPathWithWhatItMustBe() {
        assertThat(describe("{\"entities\": \"C1\"}")).isEqualTo("field 'entities' must be a JSON array, not a string");
        assertThat(describe("{\"version\": \"x\"}")).isEqualTo("field 'version' must be a whole number, not 'x'");
        assertThat(describe("{\"entities\": [{\"customerId\": \"C1\", \"age\": 3}, {\"age\": \"old\"}]}"))
                .isEqualTo("field 'entities[1].age' must be a whole number, not 'old'");
        assertThat(describe("{\"entities\": [7]}")).isEqualTo("field 'entities[0]' must be a JSON object, not a whole number");
        assertThat(describe("{\"dryRun\": \"perhaps\"}")).isEqualTo("field 'dryRun' must be true or false, not 'perhaps'");
    }

    @Test
    void timesAndEnumsSayWhatTheyAccept() {
        assertThat(describe("{\"end\": \"yesterday\"}"))
                .isEqualTo("field 'end' must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, not 'yesterday'");
        assertThat(describe("{\"mode\": \"sometimes\"}")).isEqualTo("field 'mode' must be one of [RANGE, INCREMENTAL], not 'sometimes'");
    }

    @Test
    void aBodyOfTheWrongShapeSaysWhatItMustBe() {
        assertThat(describe("[1, 2]")).isEqualTo("the body must be a JSON object, not an array");
        assertThat(describe("\"text\"")).startsWith("the body must be a JSON object");
    }

    @Test
    void brokenJsonSaysWhereItBroke() {
        assertThat(describe("{\"featureService\": \"s\",\n \"version\": ")).startsWith("the body is not valid JSON: ")
                .contains("(line 2, column").endsWith("; send one JSON object");
        assertThat(describe("{\"featureService\": \"s\",\n \"version\": ")).doesNotContain("tools.jackson", "java.");
    }

    @Test
    void longValuesAreAbbreviatedAndNoJavaTypeIsNamed() {
        String detail = describe("{\"version\": \"" + "9".repeat(30) + "x" + "9".repeat(30) + "\"}");
        assertThat(detail).endsWith("…'").hasSizeLessThan(120).doesNotContain("java.", "Integer");
    }

    @Test
    void withoutAJsonFailureItSaysTheBodyIsEmptyOrNotJson() {
        assertThat(CallerTerms.describe(new IllegalStateException("Required request body is missing")))
                .isEqualTo("the body is empty or not JSON; send one JSON object");
    }

    private static String describe(String body) {
        Throwable failure = catchThrowable(() -> JSON.readValue(body, Request.class));
        assertThat(failure).as(body).isNotNull();
        return CallerTerms.describe(new RuntimeException("wrapped as Spring wraps it", failure));
    }
}
