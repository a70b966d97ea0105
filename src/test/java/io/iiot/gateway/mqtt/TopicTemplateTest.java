package io.iiot.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicTemplateTest {

    @Test
    void namedLevelsSubscribeAsSingleLevelWildcards() {
        assertEquals("plant/+/+/+", TopicTemplate.parse("plant/{machine}/{sensor}/{metric}").filter());
        assertEquals("site/+/+/#", TopicTemplate.parse("site/+/{machine}/#").filter());
    }

    @Test
    void matchReturnsTheRawLevels() {
        TopicTemplate template = TopicTemplate.parse("plant/{machine}/{sensor}/{metric}");
        assertEquals(Optional.of(Map.of("machine", "Lathe 3", "sensor", "a.b", "metric", "Mill.A*>")),
                template.match("plant/Lathe 3/a.b/Mill.A*>"));
    }

    @Test
    void topicsOutsideTheFilterDoNotMatch() {
        TopicTemplate template = TopicTemplate.parse("plant/{machine}/{sensor}/{metric}");
        assertTrue(template.match("plant/cnc-001/spindle").isEmpty());
        assertTrue(template.match("plant/cnc-001/spindle/rms/extra").isEmpty());
        assertTrue(template.match("other/cnc-001/spindle/rms").isEmpty());
    }

    @Test
    void multiLevelWildcardMatchesTheRest() {
        TopicTemplate template = TopicTemplate.parse("ctx/{machine}/#");
        assertEquals(Optional.of(Map.of("machine", "m1")), template.match("ctx/m1/a/b/c"));
        assertEquals(Optional.of(Map.of("machine", "m1")), template.match("ctx/m1"));
    }

    @Test
    void refusesBrokenTemplates() {
        assertThrows(IllegalArgumentException.class, () -> TopicTemplate.parse("a/#/b"));
        assertThrows(IllegalArgumentException.class, () -> TopicTemplate.parse("a/{area}/b"));
        assertThrows(IllegalArgumentException.class, () -> TopicTemplate.parse("a/{machine}/{machine}"));
        assertThrows(IllegalArgumentException.class, () -> TopicTemplate.parse("a/x+/b"));
        assertThrows(IllegalArgumentException.class, () -> TopicTemplate.parse("$share/g/a/b"));
    }
}
