package org.steward.featurestore.trainingset;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text form of training-set values, both ways. Reading accepts what the ingest path accepts: whole numbers
 * written as decimals ({@code 3.0}), {@code t}/{@code f}/{@code 1}/{@code 0} for booleans, a space for the
 * {@code T} of a timestamp and any offset — but never a local time without one, which names no instant. Writing is
 * canonical — one text per value — because the content hash of a training set is taken over it: integers plain,
 * doubles by {@link Double#toString}, booleans {@code true}/{@code false}, timestamps ISO-8601 in UTC with
 * {@code Z} ({@link Instant#toString}).
 */
final class Values {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern SHORT_OFFSET = Pattern.compile(".*T.*[+-]\\d{2}");
    private static final Pattern COMPACT_OFFSET = Pattern.compile(".*T.*[+-]\\d{4}");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Values() {
    }

    /**
     * Reads one non-null value as {@code type}.
     *
     * @throws IllegalArgumentException with a reason fit for the caller, if the text is not such a value
     */
    static Object parse(ColumnType type, String text) {
        return switch (type) {
            case INT64 -> {
                if (INTEGER.matcher(text).matches()) {
                    try {
                        yield Long.parseLong(text);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("outside the int64 range");
                    }
                }
                if (!DECIMAL.matcher(text).matches()) {
                    throw new IllegalArgumentException("not an int64");
                }
                try {
                    yield new BigDecimal(text).longValueExact();
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("not a whole number in the int64 range");
                }
            }
            case FLOAT64 -> {
                if (!DECIMAL.matcher(text).matches()) {
                    throw new IllegalArgumentException("not a float64");
                }
                double value = Double.parseDouble(text);
                if (Double.isInfinite(value)) {
                    throw new IllegalArgumentException("outside the float64 range");
                }
                yield value;
            }
            case BOOL -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "t", "1" -> Boolean.TRUE;
                case "false", "f", "0" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("not a bool (true or false)");
            };
            case STRING -> text;
            case TIMESTAMP -> timestamp(text);
        };
    }

    /** The canonical text of a non-null value of {@code type}. */
    static String format(ColumnType type, Object value) {
        return switch (type) {
            case INT64, BOOL, STRING -> value.toString();
            case FLOAT64 -> Double.toString((Double) value);
            case TIMESTAMP -> value.toString();
        };
    }

    /** Whether {@code text} is already the canonical text of a {@code type} value, so that reading it loses nothing. */
    static boolean isCanonical(ColumnType type, String text) {
        try {
            return switch (type) {
                case INT64 -> INTEGER.matcher(text).matches() && text.equals(format(type, parse(type, text)));
                case BOOL -> text.equals("true") || text.equals("false");
                case FLOAT64 -> DECIMAL.matcher(text).matches() && text.equals(format(type, parse(type, text)));
                case STRING -> true;
                case TIMESTAMP -> text.equals(format(type, parse(type, text)));
            };
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Microseconds, PostgreSQL's precision: finer digits are dropped. */
    private static Instant timestamp(String text) {
        // the common forms (the canonical one among them) without the general parser, which costs microseconds a
        // value: a million entity rows are read twice, checked and then loaded
        Instant instant = org.steward.featurestore.ingest.Values.commonInstant(text);
        try {
            if (instant != null) {
                // read
            } else if (DATE.matcher(text).matches()) {
                instant = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + "T" + text.substring(11) : text;
                if (SHORT_OFFSET.matcher(iso).matches()) {
                    iso = iso + ":00";
                } else if (COMPACT_OFFSET.matcher(iso).matches()) {
                    iso = iso.substring(0, iso.length() - 2) + ":" + iso.substring(iso.length() - 2);
                }
                instant = OffsetDateTime.parse(iso.replace('z', 'Z')).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a timestamp with an offset; write ISO-8601 with Z or an offset, "
                    + "e.g. 2026-01-31T09:30:00Z, or a date for midnight UTC");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException("outside the years 1 to 9999");
        }
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
