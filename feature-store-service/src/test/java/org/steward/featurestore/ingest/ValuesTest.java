package org.steward.featurestore.ingest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ValuesTest {

    @ParameterizedTest
    @CsvSource({"42, 42", "+42, 42", "-7, -7", "3.0, 3", "1e3, 1000", "9223372036854775807, 9223372036854775807"})
    void readsWholeNumbers(String text, long expected) {
        assertThat(Values.int64(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.5", "abc", "0x10", "9223372036854775808", "1_000", "", "1e400"})
    void refusesWhatIsNotAWholeNumber(String text) {
        assertThat(Values.int64(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"1.5, 1.5", "-0.25, -0.25", "1e-3, 0.001", "7, 7.0", "2.5E2, 250.0"})
    void readsFiniteDecimals(String text, double expected) {
        assertThat(Values.float64(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1.5d", "2f", "0x1p3", "1e999", "one", ""})
    void refusesNonFiniteAndJavaOnlyForms(String text) {
        assertThat(Values.float64(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "t, true", "1, true", "false, false", "F, false", "0, false"})
    void readsBooleans(String text, boolean expected) {
        assertThat(Values.bool(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "2024-03-01T10:15:30Z, 2024-03-01T10:15:30Z",
            "2024-03-01 10:15:30Z, 2024-03-01T10:15:30Z",
            "2024-03-01T10:15:30.123456Z, 2024-03-01T10:15:30.123456Z",
            "2024-03-01T10:15:30.5z, 2024-03-01T10:15:30.500Z",
            "2024-03-01T10:15:30+02:00, 2024-03-01T08:15:30Z",
            "2024-03-01T00:15:30-01:30, 2024-03-01T01:45:30Z",
            "2024-03-01T10:15+01:00, 2024-03-01T09:15:00Z",
            "2024-03-01T10:15:30+01, 2024-03-01T09:15:30Z",
            "2024-03-01T10:15:30+0100, 2024-03-01T09:15:30Z",
            "2024-03-01 10:15:30+00, 2024-03-01T10:15:30Z",
            "2024-03-01, 2024-03-01T00:00:00Z",
            "2024-02-29, 2024-02-29T00:00:00Z"})
    void readsInstantsWithAnOffsetAndDatesAsMidnightUtc(String text, String expected) {
        assertThat(Values.instant(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-01T10:15:30", "2023-02-29", "2024-13-01", "2024-03-01T25:00:00Z", "2024-03-01T10:15:30.Z",
            "yesterday", "1709288130", "2024/03/01", "2024-03-01T10:15:30+25:00"})
    void refusesLocalTimesImpossibleDatesAndOtherForms(String text) {
        assertThat(Values.instant(text)).isNull();
    }
}
