package org.steward.commons.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class EditDistanceTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|''        | 0",
            "abc|''       | 3",
            "''|abc       | 3",
            "income|income| 0",
            "incme|income | 1",
            "icnome|income| 2",
            "kitten|sitting| 3",
            "Income|income| 1",
            "STEWARD_ONLINE_BACKEND|STEWARD_ONLINE_BACKEN| 1"})
    void countsTheFewestEdits(String a, String b, int expected) {
        assertThat(EditDistance.between(a, b)).isEqualTo(expected);
        assertThat(EditDistance.between(b, a)).as("symmetric").isEqualTo(expected);
    }

    @Test
    void neverExceedsTheLongerLengthNorFallsBelowTheDifferenceOfLengths() {
        String a = "annual_income";
        String b = "anual_incomes";
        int distance = EditDistance.between(a, b);
        assertThat(distance).isEqualTo(2).isBetween(Math.abs(a.length() - b.length()), Math.max(a.length(), b.length()));
    }
}
