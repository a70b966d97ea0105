package io.iiot.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iiot.gateway.namespace.DeadLetterReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter reasons in {@code docs/message-format.md} are the ones in {@link DeadLetterReason}: a consumer
 * of the dead letters reads the list there. {@code make docs} rewrites the table.
 */
class MessageFormatDocTest {

    private static final Path DOC = Path.of("docs", "message-format.md");
    private static final String START = "<!-- dead-letter reasons: generated from DeadLetterReason by `make docs` -->\n";
    private static final String END = "<!-- end of dead-letter reasons -->";

    static String reasonsTable() {
        return "| reason | what it holds |\n|---|---|\n" + Arrays.stream(DeadLetterReason.values())
                .map(reason -> "| `" + reason + "` | " + reason.description() + " |\n").collect(Collectors.joining());
    }

    @Test
    void theDeadLetterReasonsAreTheOnesInTheCode() throws IOException {
        String doc = Files.readString(DOC);
        if (Boolean.getBoolean("catalog.write")) {
            doc = doc.substring(0, doc.indexOf(START) + START.length()) + reasonsTable()
                    + doc.substring(doc.indexOf(END));
            Files.writeString(DOC, doc);
        }
        assertEquals(reasonsTable(), doc.substring(doc.indexOf(START) + START.length(), doc.indexOf(END)),
                "docs/message-format.md is out of date: make docs");
    }
}
