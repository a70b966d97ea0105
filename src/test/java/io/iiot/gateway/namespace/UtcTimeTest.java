package io.iiot.gateway.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtcTimeTest {

    @Test
    void readsWhatInstantParseReadsAndRefusesWhatItRefuses() {
        for (String text : List.of("2026-02-15T10:00:00.123Z", "2026-02-15T10:00:00Z", "2024-02-29T23:59:59.9Z",
                "1999-12-31T00:00:00.000001Z", "2026-06-01T00:00:00.123456789Z", "0001-01-01T00:00:00Z",
                "2026-02-15T10:00:00.123+01:00", "2016-12-31T23:59:60Z", "2026-02-15T24:00:00Z",
                "2026-02-15T10:00:00.Z")) {
            assertEquals(Instant.parse(text), UtcTime.parse(text), text);
        }
        for (String text : List.of("2026-02-30T10:00:00.123Z", "2026-02-15T25:00:00Z", "2026-02-15 10:00:00Z",
                "2026-02-15T10:0a:00Z", "2026-02-15T10:00:00.1234567890Z", "")) {
            assertThrows(DateTimeParseException.class, () -> Instant.parse(text), text);
            assertThrows(DateTimeParseException.class, () -> UtcTime.parse(text), text);
        }
    }

    @Test
    void writesWhatInstantToStringWrites() {
        for (Instant time : List.of(Instant.parse("2026-02-15T10:00:00.123Z"), Instant.parse("2026-02-15T10:00:00Z"),
                Instant.parse("2026-02-15T10:00:00.000100Z"), Instant.parse("2026-02-15T10:00:00.000000007Z"),
                Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("+12026-01-01T00:00:00Z"))) {
            assertEquals(time.toString(), UtcTime.append(new StringBuilder(), time).toString());
        }
    }

    @Test
    void writesTheMessageFormatWithMillisecondsTruncated() {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        for (Instant time : List.of(Instant.parse("2026-02-15T10:00:00.123Z"), Instant.parse("2026-02-15T10:00:00Z"),
                Instant.parse("2026-02-15T10:00:00.123999Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"))) {
            assertEquals(format.format(time), UtcTime.appendMillis(new StringBuilder(), time).toString());
        }
    }
}
