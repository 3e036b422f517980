package org.steward.governance.fairness;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The age bands fairness is reported on: {@code <25}, {@code 25-34}, {@code 35-44}, {@code 45-59}, {@code 60+}.
 * Ages are banded because each year alone is too small a group to say anything, and a regulator reads bands.
 */
public final class AgeBands {

    /** The band labels, youngest first. */
    public static final List<String> LABELS = List.of("<25", "25-34", "35-44", "45-59", "60+");

    /** The lower edges of the bands after the first, as the feature store's {@code bucket(age, [25, 35, 45, 60])}. */
    private static final double[] EDGES = {25, 35, 45, 60};

    /** Age bands in age order, other groups after them in text order. */
    public static final Comparator<String> ORDER = Comparator.<String>comparingInt(group -> {
        int index = LABELS.indexOf(group);
        return index < 0 ? LABELS.size() : index;
    }).thenComparing(Comparator.naturalOrder());

    private AgeBands() {
    }

    /** The band of an age in years. */
    public static String ofYears(double years) {
        if (Double.isNaN(years)) {
            throw new IllegalArgumentException("an age is a number, not NaN");
        }
        int band = 0;
        while (band < EDGES.length && years >= EDGES[band]) {
            band++;
        }
        return LABELS.get(band);
    }

    /** The band of a band index (0 to 4), as the feature store's {@code age_band} transformation computes it. */
    public static String ofIndex(long index) {
        if (index < 0 || index >= LABELS.size()) {
            throw new IllegalArgumentException("an age band index is 0 to " + (LABELS.size() - 1) + ", not " + index);
        }
        return LABELS.get((int) index);
    }

    /**
     * How a protected attribute's values become groups, from its name: the short name (after a feature view's
     * {@code view__} prefix) {@code age}, {@code age_in_years} or {@code age_years} holds years, {@code age_band} holds
     * a band index; anything else is taken as it is.
     */
    public static Kind kind(String attribute) {
        int cut = attribute.lastIndexOf("__");
        String name = (cut < 0 ? attribute : attribute.substring(cut + 2)).toLowerCase(Locale.ROOT);
        return switch (name) {
            case "age", "age_in_years", "age_years" -> Kind.YEARS;
            case "age_band" -> Kind.BAND_INDEX;
            default -> Kind.AS_IS;
        };
    }

    /** How an attribute's values map to groups. */
    public enum Kind {
        /** An age in years, banded. */
        YEARS,
        /** A band index 0-4, labelled. */
        BAND_INDEX,
        /** Categories as they are; numbers by their text. */
        AS_IS;

        /** The group of one value; a missing value is the group {@value #MISSING}. */
        public String group(Object value) {
            if (value == null) {
                return MISSING;
            }
            return switch (this) {
                case YEARS -> ofYears(number(value));
                case BAND_INDEX -> ofIndex((long) number(value));
                case AS_IS -> value.toString();
            };
        }

        private static double number(Object value) {
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            throw new IllegalArgumentException("an age must be a number, not '" + value + "'");
        }
    }

    /** The group of a missing value, kept visible rather than dropped. */
    public static final String MISSING = "(missing)";
}
