package io.iiot.gateway.namespace;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 UTC times as telemetry carries them ({@code 2026-02-15T10:00:00.123Z}), read and written by hand: every
 * message has one, and {@link Instant#parse}, {@link Instant#toString} and a {@code DateTimeFormatter} cost more
 * than the rest of a drain's row, or a quarter of the JSON of a message. Any other form {@link Instant#parse}
 * accepts is read by it, and the results are the same.
 */
public final class UtcTime {

    private static final int SECONDS_PER_DAY = 86_400;
    /** The message format's form, for the years {@link #appendMillis} does not write by hand. */
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private UtcTime() {
    }

    /**
     * @throws DateTimeParseException as {@link Instant#parse} does
     */
    public static Instant parse(String text) {
        int n = text.length();
        // yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z
        if (n < 20 || n > 30 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || n > 20 && (n == 21 || text.charAt(19) != '.')) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = n > 20 ? digits(text, 20, n - 1) : 0;
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || fraction < 0) {
            return Instant.parse(text); // not digits, or a leap second: its rules and its messages
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Instant.parse(text);
        }
        for (int i = n - 1; i < 29; i++) {
            fraction *= 10;
        }
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, fraction);
    }

    /** Appends {@code time} as {@link Instant#toString} writes it. */
    public static StringBuilder append(StringBuilder out, Instant time) {
        if (!appendSeconds(out, time)) {
            return out.append(time);
        }
        int nanos = time.getNano();
        if (nanos != 0) {
            out.append('.');
            if (nanos % 1_000_000 == 0) {
                padded(out, nanos / 1_000_000, 100);
            } else if (nanos % 1000 == 0) {
                padded(out, nanos / 1000, 100_000);
            } else {
                padded(out, nanos, 100_000_000);
            }
        }
        return out.append('Z');
    }

    /**
     * Appends {@code time} in the message format's form, {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}: always three digits of
     * fraction, truncated to the millisecond. A year without four digits is written by {@link #MILLIS}.
     */
    public static StringBuilder appendMillis(StringBuilder out, Instant time) {
        if (!appendSeconds(out, time)) {
            return out.append(MILLIS.format(time));
        }
        out.append('.');
        padded(out, time.getNano() / 1_000_000, 100);
        return out.append('Z');
    }

    /** Appends {@code yyyy-MM-dd'T'HH:mm:ss}; appends nothing and returns false for a year without four digits. */
    private static boolean appendSeconds(StringBuilder out, Instant time) {
        long seconds = time.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        if (date.getYear() < 1000 || date.getYear() > 9999) {
            return false;
        }
        int secondOfDay = (int) (seconds - epochDay * SECONDS_PER_DAY);
        out.append(date.getYear()).append('-');
        two(out, date.getMonthValue()).append('-');
        two(out, date.getDayOfMonth()).append('T');
        two(out, secondOfDay / 3600).append(':');
        two(out, secondOfDay / 60 % 60).append(':');
        two(out, secondOfDay % 60);
        return true;
    }

    /** The number written in {@code text[from, to)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static StringBuilder two(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static void padded(StringBuilder out, int value, int highest) {
        for (int unit = highest; unit > 0; unit /= 10) {
            out.append((char) ('0' + value / unit % 10));
        }
    }
}
