package io.iiot.gateway.ops.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Who may log in to the console: the users file that console-user writes, and the environment's user. */
class ConsoleUsersTest {

    @TempDir
    Path dir;

    @Test
    void aLinePrintedByConsoleUserLetsThatUserInWithThatPasswordOnly() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ConsoleUserCommand()).setOut(new PrintWriter(out));
        var stdin = System.in;
        System.setIn(new java.io.ByteArrayInputStream("s3cret pass\n".getBytes()));
        try {
            assertEquals(0, command.execute("alice", "--role", "viewer"));
        } finally {
            System.setIn(stdin);
        }
        Path file = Files.writeString(dir.resolve("users.properties"), out.toString());
        assertTrue(!Files.readString(file).contains("s3cret"), "the file holds no password");

        ConsoleUsers users = ConsoleUsers.load(file, null, null);
        assertEquals(Optional.of(List.of("viewer")), users.authenticate("alice", "s3cret pass".toCharArray()));
        assertEquals(Optional.empty(), users.authenticate("alice", "s3cret".toCharArray()));
        assertEquals(Optional.empty(), users.authenticate("bob", "s3cret pass".toCharArray()));
    }

    @Test
    void theEnvironmentUserIsAnAdmin() {
        ConsoleUsers users = ConsoleUsers.load(null, "ops", "from-the-vault");
        assertEquals(Optional.of(List.of("admin")), users.authenticate("ops", "from-the-vault".toCharArray()));
    }

    @Test
    void withoutAFileOrAnEnvironmentUserNobodyGetsIn() {
        ConsoleUsers users = ConsoleUsers.load(null, null, null);
        assertTrue(users.isEmpty());
        assertEquals(Optional.empty(), users.authenticate("admin", "admin".toCharArray()));
    }

    @Test
    void aBrokenLineNamesTheFileAndTheUser() throws Exception {
        Path file = Files.writeString(dir.resolve("users.properties"), "carol = plain-password, admin\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConsoleUsers.load(file, null, null));
        assertTrue(e.getMessage().contains("users.properties") && e.getMessage().contains("carol"), e.getMessage());
    }

    @Test
    void aUserWithoutAPasswordIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConsoleUsers.load(null, "ops", ""));
        assertTrue(e.getMessage().contains("HAWTIO_PASSWORD"), e.getMessage());
    }
}
