package dev.quickhub.users;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.system.PrivateFile;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code username,password} file: read for --passwords; for new accounts a new file (mode 0600),
 * made before any account and written through the same handle.
 */
public final class PasswordFile implements Closeable {

  private final Path file;
  private final OutputStream out;
  private boolean written;

  private PasswordFile(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

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
      // A parser's message quotes the row, and a row holds a password: never show it.
      throw new QuickHubException(
          "Cannot read the password file "
              + file
              + (e instanceof IOException
                  ? " (" + e.getMessage() + ")."
                  : "; it is not CSV with the header username,password: fix it."),
          e instanceof IOException ? e : null);
    }
    return passwords;
  }

  /**
   * A new, empty file beside {@code roster}, readable by its owner only and open until {@link
   * #close}.
   */
  public static PasswordFile create(Path roster) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    String base = roster.getFileName().toString().replaceFirst("\\.csv$", "");
    return open(roster.toAbsolutePath().resolveSibling(base + "-passwords-" + stamp + ".csv"));
  }

  /** A new file at {@code file}; refuses whatever is there already, a link too. */
  static PasswordFile open(Path file) {
    try {
      return new PasswordFile(file, PrivateFile.create(file));
    } catch (IOException e) {
      throw new QuickHubException(
          "Cannot create "
              + file
              + " for the new passwords ("
              + (e instanceof FileAlreadyExistsException ? "it exists already" : e.getMessage())
              + "); nothing was imported.",
          e);
    }
  }

  public Path path() {
    return file;
  }

  /** Writes the passwords through the handle that made the file. */
  public void write(Map<String, String> passwords) throws IOException {
    StringBuilder text = new StringBuilder("username,password\n");
    passwords.forEach(
        (name, password) -> text.append(name).append(',').append(password).append('\n'));
    // From here on the file may hold passwords of accounts that exist: it is kept.
    written = true;
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Closes the file, and deletes it when nothing was written (no account was made). */
  @Override
  public void close() throws IOException {
    out.close();
    if (!written) {
      Files.deleteIfExists(file);
    }
  }
}
