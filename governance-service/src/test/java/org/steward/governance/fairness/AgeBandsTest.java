package org.steward.governance.fairness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgeBandsTest {

    @ParameterizedTest
    @CsvSource({"18, <25", "24.99, <25", "25, 25-34", "34, 25-34", "35, 35-44", "44, 35-44", "45, 45-59", "59, 45-59",
            "60, 60+", "99, 60+"})
    void bandsYearsWithTheLowerEdgeInclusive(double years, String band) {
        assertThat(AgeBands.ofYears(years)).isEqualTo(band);
    }

    @Test
    void bandIndicesAreTheFeatureStoresBucketOfTheSameEdges() {
        assertThat(AgeBands.ofIndex(0)).isEqualTo("<25");
        assertThat(AgeBands.ofIndex(4)).isEqualTo("60+");
        assertThatThrownBy(() -> AgeBands.ofIndex(5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKindFollowsTheShortNameOfTheAttribute() {
        assertThat(AgeBands.kind("customer_profile__age")).isEqualTo(AgeBands.Kind.YEARS);
        assertThat(AgeBands.kind("age_in_years")).isEqualTo(AgeBands.Kind.YEARS);
        assertThat(AgeBands.kind("age_band")).isEqualTo(AgeBands.Kind.BAND_INDEX);
        assertThat(AgeBands.kind("customer_profile__personal_status_and_sex")).isEqualTo(AgeBands.Kind.AS_IS);
        assertThat(AgeBands.kind("page_views")).isEqualTo(AgeBands.Kind.AS_IS);

        assertThat(AgeBands.Kind.YEARS.group(67L)).isEqualTo("60+");
        assertThat(AgeBands.Kind.BAND_INDEX.group(1L)).isEqualTo("25-34");
        assertThat(AgeBands.Kind.AS_IS.group("yes")).isEqualTo("yes");
        assertThat(AgeBands.Kind.AS_IS.group(null)).isEqualTo(AgeBands.MISSING);
        assertThatThrownBy(() -> AgeBands.Kind.YEARS.group("forty")).hasMessageContaining("forty");
    }
}
