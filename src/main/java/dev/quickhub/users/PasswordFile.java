package dev.quickhub.users;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.quickhub.QuickHubException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code username,password} file: read for --passwords, written (mode 0600) for new accounts. */
public final class PasswordFile {

  private PasswordFile() {}

  public static Map<String, String> read(Path file) {
    Map<String, String> passwords = new LinkedHashMap<>();
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    try (MappingIterator<Map<String, String>> rows =
        new CsvMapper().readerForMapOf(String.class).with(schema).readValues(file.toFile())) {
      int line = 1;
      while (rows.hasNext()) {
        line++;
        Map<String, String> row = rows.next();
        String name = row.getOrDefault("username", "");
        String password = row.getOrDefault("password", "");
        if (ControlCharacters.in(name)
            || !UserName.isValid(name.strip())
            || password.isEmpty()
            || password.contains(":")
            || password.contains("\n")) {
          throw new QuickHubException(
              file
                  + " line "
                  + line
                  + " is not 'username,password' with a valid name and a password without ':';"
                  + " fix it (the file needs the header username,password).");
        }
        passwords.put(name.strip(), password);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof QuickHubException q) {
        throw q;
      }
      throw new QuickHubException(
          "Cannot read the password file " + file + " (" + e.getMessage() + ").", e);
    }
    return passwords;
  }

  /** A new, empty file beside {@code roster}, readable by its owner only. */
  public static Path create(Path roster) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    String base = roster.getFileName().toString().replaceFirst("\\.csv$", "");
    Path file = roster.toAbsolutePath().resolveSibling(base + "-passwords-" + stamp + ".csv");
    try {
      return Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (IOException e) {
      throw new QuickHubException(
          "Cannot create "
              + file
              + " for the new passwords ("
              + e.getMessage()
              + "); nothing was imported.",
          e);
    }
  }

  /**
   * Writes the passwords into a file made by {@link #create}, keeping it readable by its owner
   * only.
   */
  public static void write(Path file, Map<String, String> passwords) throws IOException {
    StringBuilder text = new StringBuilder("username,password\n");
    passwords.forEach(
        (name, password) -> text.append(name).append(',').append(password).append('\n'));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
