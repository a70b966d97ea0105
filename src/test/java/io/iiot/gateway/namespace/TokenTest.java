package io.iiot.gateway.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenTest {

    @Test
    void mapLowerCasesAndReplacesEveryOtherCharacterWithUnderscore() {
        assertEquals("spindle_vib_rms", Token.map("Spindle Vib/RMS").toString());
    }

    @Test
    void mapKeepsDigitsHyphensAndUnderscores() {
        assertEquals("cnc-001_a", Token.map("CNC-001_a").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "*", ">", "a b", "tab\there", "line\nbreak", "acme.>", "ü", "\u0000", "..",
            "a\u2024b"})
    void hostileNamesCannotCarrySeparatorsWildcardsOrWhitespace(String hostile) {
        String token = Token.map(hostile).toString();
        assertTrue(token.matches("[a-z0-9_-]+"), () -> "'" + hostile + "' mapped to '" + token + "'");
    }

    @Test
    void mapRejectsAnEmptyName() {
        RejectedReadingException e = assertThrows(RejectedReadingException.class, () -> Token.map(""));
        assertEquals(DeadLetterReason.BAD_NAME, e.reason());
    }

    @Test
    void mapRejectsAMissingName() {
        assertEquals(DeadLetterReason.BAD_NAME,
                assertThrows(RejectedReadingException.class, () -> Token.map(null)).reason());
    }

    @Test
    void mapRejectsANameLongerThanTheLimit() {
        String longName = "x".repeat(Token.MAX_LENGTH + 1);
        assertEquals(DeadLetterReason.BAD_NAME,
                assertThrows(RejectedReadingException.class, () -> Token.map(longName)).reason());
    }

    @Test
    void parseAcceptsAValidToken() {
        assertEquals("hall-a", Token.parse("hall-a").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hall-A", "hall a", "hall.a", "", "*"})
    void parseRefusesInsteadOfMapping(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Token.parse(text));
        assertTrue(e.getMessage().contains("[a-z0-9_-]+"), e.getMessage());
    }

    @Test
    void reservedWordsAreRecognised() {
        assertTrue(Token.parse("dlq").isReserved());
    }
}
