package io.iiot.gateway.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    private static String encode(Double value, String text) {
        Measurement row = new Measurement("acme", "munich", "hall-a", "line-1", "cnc-001", "spindle", "state",
                Instant.parse("2026-02-15T10:00:00.123Z"), value, text, "", "good", "id-1", 7);
        return new String(CopyText.encode(List.of(row)), StandardCharsets.UTF_8);
    }

    @Test
    void writesOneTabSeparatedLinePerRowWithNullsAsBackslashN() {
        assertEquals("acme\tmunich\thall-a\tline-1\tcnc-001\tspindle\tstate\t2026-02-15T10:00:00.123Z\t2.5\t\\N\t\t"
                + "good\tid-1\t7\n", encode(2.5, null));
    }

    @Test
    void aValueCannotEndAFieldOrARowEarly() {
        String line = encode(null, "a\tb\nc\\d\re");
        assertEquals("\\N\ta\\tb\\nc\\\\d\\re\t", line.substring(line.indexOf("Z\t") + 2, line.indexOf("\tgood")));
    }
}
