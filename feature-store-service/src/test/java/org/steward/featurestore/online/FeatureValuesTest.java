package org.steward.featurestore.online;

import org.junit.jupiter.api.Test;
import org.steward.featurestore.definition.FeatureType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An online row decodes to exactly what was encoded, by declared type, in the order the serving plan asks. */
class FeatureValuesTest {

    @Test
    void everyTypeNullAndNonFiniteDoubleRoundTrips() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("age", 42L);
        row.put("income", 51_250.75);
        row.put("ratio", Double.NaN);
        row.put("ceiling", Double.POSITIVE_INFINITY);
        row.put("floor", Double.NEGATIVE_INFINITY);
        row.put("employed", true);
        row.put("region", "north \"east\" ✓");
        row.put("segment", null);
        row.put("big", Long.MIN_VALUE);

        Object[] values = FeatureValues.decode(FeatureValues.encode(row),
                List.of("age", "income", "ratio", "ceiling", "floor", "employed", "region", "segment", "big"),
                List.of(FeatureType.INT64, FeatureType.FLOAT64, FeatureType.FLOAT64, FeatureType.FLOAT64, FeatureType.FLOAT64,
                        FeatureType.BOOL, FeatureType.STRING, FeatureType.STRING, FeatureType.INT64));

        assertThat(values).containsExactly(42L, 51_250.75, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                true, "north \"east\" ✓", null, Long.MIN_VALUE);
    }

    @Test
    void onlyTheRequestedFeaturesComeBackInTheRequestedOrderAndAMissingOneIsNull() {
        String encoded = FeatureValues.encode(Map.of("a", 1L, "b", 2.5, "c", "x", "d", false));

        Object[] values = FeatureValues.decode(encoded, List.of("d", "b", "gone"),
                List.of(FeatureType.BOOL, FeatureType.FLOAT64, FeatureType.INT64));

        assertThat(values).containsExactly(false, 2.5, null);
    }

    @Test
    void aWholeNumberStoredForAFloatComesBackAsADouble() {
        Object[] values = FeatureValues.decode("{\"income\":3}", List.of("income"), List.of(FeatureType.FLOAT64));

        assertThat(values[0]).isEqualTo(3.0);
    }

    @Test
    void aRowThatIsNotWhatEncodeWritesIsRefusedNamingTheFeature() {
        assertThatThrownBy(() -> FeatureValues.decode("{\"age\":\"42\"}", List.of("age"), List.of(FeatureType.INT64)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("age").hasMessageContaining("int64");
        assertThatThrownBy(() -> FeatureValues.decode("[1]", List.of("age"), List.of(FeatureType.INT64)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a JSON object");
    }
}
