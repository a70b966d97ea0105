package io.iiot.gateway.drain.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TallyTest {

    private static Tally of(String... ids) {
        Tally tally = new Tally();
        for (String id : ids) {
            tally.add("acme.munich.a.l.m.s.v", id);
        }
        return tally;
    }

    @Test
    void theOrderOfRowsDoesNotMatter() {
        assertTrue(of("a", "b", "c").matches(of("c", "a", "b"), "acme.munich.a.l.m.s.v"));
    }

    @Test
    void aDuplicateOrASwappedIdIsADifference() {
        assertFalse(of("a", "b").matches(of("a", "b", "b"), "acme.munich.a.l.m.s.v"));
        assertFalse(of("a", "b").matches(of("a", "c"), "acme.munich.a.l.m.s.v"));
    }

    @Test
    void theStreamSideCountsAnIdOnce() {
        IdSet seen = new IdSet();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add("id-" + i));
        }
        assertFalse(seen.add("id-99999"));
    }
}
