package org.steward.featurestore.ingest;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Reads the text of a value as its declared type, strictly: what the offline store receives is exactly what the
 * text says, or the value is refused. Each method returns null when the text is not a value of its type.
 */
public final class Values {

    /** ISO-8601 with an offset, for the forms the fast path leaves: {@code +01}, {@code +0100}, no seconds. */
    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .optionalEnd()
            .appendPattern("[XXX][XX][X]")
            .toFormatter(Locale.ROOT);

    private Values() {
    }

    /** A whole number; {@code 3.0} and {@code 3e2} count, as written by tools that store integers as floats. */
    static Long int64(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            if (!isDecimal(text)) {
                return null;
            }
            try {
                return new BigDecimal(text).longValueExact();
            } catch (ArithmeticException | NumberFormatException notWhole) {
                return null;
            }
        }
    }

    /** A finite decimal number; NaN, infinities and Java's own suffixes and hex forms are refused. */
    static Double float64(String text) {
        if (!isDecimal(text)) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "t", "1" -> Boolean.TRUE;
            case "false", "f", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * An ISO-8601 instant with {@code Z} or an offset ({@code 2024-03-01T10:15:30Z}, a space may replace the
     * {@code T}), or a date ({@code 2024-03-01}), which means midnight UTC. A local time without an offset is
     * refused: it names no instant. The common forms are read without a formatter, since a large batch has one
     * per row.
     */
    static Instant instant(String text) {
        int n = text.length();
        try {
            if (n == 10) {
                return date(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            Instant fast = fastInstant(text, n);
            if (fast != null) {
                return fast;
            }
            if (n > 10 && text.charAt(10) == ' ') {
                text = text.substring(0, 10) + 'T' + text.substring(11);
            }
            return OffsetDateTime.parse(text, OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * The instant of the common ISO-8601 forms — {@code yyyy-MM-ddTHH:mm:ss[.f…]} (or a space for the {@code T}) then
     * {@code Z} or {@code ±HH:MM} — read without a formatter; null for any other text, valid or not.
     */
    public static Instant commonInstant(String text) {
        try {
            return fastInstant(text, text.length());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]} then {@code Z} or {@code ±HH:MM}; null for any other form. */
    private static Instant fastInstant(String s, int n) {
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && Character.isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i++) - '0');
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, i + 3);
            int om = digits(s, i + 4, i + 6);
            if (oh < 0 || oh > 18 || om < 0 || om > 59 || oh == 18 && om > 0) {
                return null;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        long epochSecond = date(s).toEpochDay() * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** {@code yyyy-MM-dd} at the start of {@code s}; throws if it is not a real date. */
    private static LocalDate date(String s) {
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        if (year < 0 || month < 0 || day < 0 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            throw new DateTimeException("not a date");
        }
        return LocalDate.of(year, month, day);
    }

    /** The decimal number in {@code s[from, to)}, or -1 if any character there is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDecimal(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return true;
    }
}
