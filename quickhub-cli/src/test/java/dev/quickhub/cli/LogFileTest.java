package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The libraries' log: in a private file under the XDG state folder, small, and without secrets. */
class LogFileTest {

  @TempDir Path dir;

  @AfterEach
  void restoreTheTestLogging() throws Exception {
    LogManager.getLogManager().readConfiguration();
  }

  @Test
  void liesInTheXdgStateFolderElseUnderHome() {
    assertThat(LogFile.location(Map.of("XDG_STATE_HOME", "/s"), "/home/u"))
        .isEqualTo(Path.of("/s/quickhub/quickhub.log"));
    assertThat(LogFile.location(Map.of("XDG_STATE_HOME", " "), "/home/u"))
        .isEqualTo(Path.of("/home/u/.local/state/quickhub/quickhub.log"));
    assertThat(LogFile.location(Map.of(), "/home/u"))
        .isEqualTo(Path.of("/home/u/.local/state/quickhub/quickhub.log"));
  }

  @Test
  void everyLibraryLogsIntoAPrivateFileAndNothingBelowInfo() throws Exception {
    Path file = dir.resolve("state/quickhub/quickhub.log");
    LogFile.install(file, false);

    LoggerFactory.getLogger("com.github.dockerjava.api.async.ResultCallbackTemplate")
        .error("Error during callback", new IllegalStateException("boom"));
    // What Apache HTTP and docker-java log at debug: bodies and headers, stdin passwords among
    // them.
    LoggerFactory.getLogger("org.apache.hc.client5.http.wire").debug("\"s3cret-password\"");
    Logger.getLogger("org.apache.http.headers").fine("X-Registry-Auth: s3cret-registry");
    Logger.getLogger("com.google.api.client.http").config("Authorization: s3cret-token");
    LoggerFactory.getLogger("dev.quickhub.engine.EngineImages").info("Removed image sha256:1");

    String log = Files.readString(file);
    assertThat(log)
        .contains("SEVERE com.github.dockerjava.api.async.ResultCallbackTemplate - Error during")
        .contains("java.lang.IllegalStateException: boom")
        .contains("at dev.quickhub.cli.LogFileTest")
        .contains("INFO dev.quickhub.engine.EngineImages - Removed image sha256:1")
        .doesNotContain("s3cret");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void startsANewFileWhenFullKeepingOnePreviousPart() throws Exception {
    Path file = dir.resolve("quickhub.log");
    LogFileHandler handler = new LogFileHandler(file, 1000);
    handler.setFormatter(new LogFile.Line());
    for (int i = 0; i < 100; i++) {
      handler.publish(new LogRecord(Level.INFO, "record " + i + " " + "x".repeat(40)));
    }
    handler.close();

    assertThat(Files.size(file)).isLessThanOrEqualTo(1100);
    assertThat(Files.size(file.resolveSibling("quickhub.log.1"))).isBetween(1000L, 1100L);
    assertThat(Files.readString(file)).contains("record 99 ");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(2);
    }
  }

  @Test
  void anUnwritableFolderDropsTheRecordsInsteadOfShowingThem() throws Exception {
    Path blocked = dir.resolve("not-a-folder");
    Files.writeString(blocked, "");
    LogFile.install(blocked.resolve("quickhub.log"), false);

    LoggerFactory.getLogger("x").error("dropped");

    assertThat(Logger.getLogger("").getHandlers()).isEmpty();
  }

  @Test
  void aLinkPlantedAtTheLogIsNotFollowed() throws Exception {
    Path target = dir.resolve("bashrc");
    Files.writeString(target, "untouched\n");
    Path folder = Files.createDirectories(dir.resolve("state/quickhub"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    Files.createSymbolicLink(folder.resolve("quickhub.log"), target);
    LogFile.install(folder.resolve("quickhub.log"), false);

    LoggerFactory.getLogger("x").error("* * * * * root planted");

    assertThat(Files.readString(target)).isEqualTo("untouched\n");
    assertThat(Logger.getLogger("").getHandlers()).isEmpty();
  }

  @Test
  void aLinkedFolderIsNotFollowed() throws Exception {
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Files.createDirectories(dir.resolve("state"));
    Files.createSymbolicLink(dir.resolve("state/quickhub"), elsewhere);
    LogFile.install(dir.resolve("state/quickhub/quickhub.log"), false);

    LoggerFactory.getLogger("x").error("not here");

    try (var files = Files.list(elsewhere)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aFolderOthersMayWriteIsRefused() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("shared/quickhub"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
    LogFile.install(folder.resolve("quickhub.log"), false);

    LoggerFactory.getLogger("x").error("not here");

    assertThat(folder.resolve("quickhub.log")).doesNotExist();
  }

  @Test
  void aLooseFileOfOursIsMadePrivate() throws Exception {
    Path file = dir.resolve("quickhub.log");
    Files.writeString(file, "before\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    LogFile.install(file, false);

    LoggerFactory.getLogger("x").error("after");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).startsWith("before\n").contains("after");
  }

  @Test
  void controlCharactersAreEscapedInMessagesAndTraces() {
    LogRecord record = new LogRecord(Level.SEVERE, "name\u001b]0;owned\u0007\n* * * * * root x");
    record.setThrown(new IllegalStateException("tool said \u001b[2J\ninjected line"));
    String line = new LogFile.Line().format(record);
    assertThat(line)
        .doesNotContain("\u001b", "\u0007")
        .contains("name\\u001b]0;owned\\u0007\\n* * * * * root x")
        .contains("tool said \\u001b[2J\\ninjected line");
    assertThat(line.lines()).noneMatch(l -> l.startsWith("injected") || l.startsWith("* * *"));
  }
}
