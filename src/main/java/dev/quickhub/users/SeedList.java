package dev.quickhub.users;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.quickhub.QuickHubException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The seed accounts in {@code users/seed.csv}: a header {@code username,full_name,groups,admin},
 * groups separated by ';' or spaces, admin {@code true} or {@code false}. Checked as a whole, so a
 * bad list is refused before any image is built.
 */
public final class SeedList {

  static final List<String> COLUMNS = List.of("username", "full_name", "groups", "admin");

  private final List<SeedAccount> accounts;

  private SeedList(List<SeedAccount> accounts) {
    this.accounts = List.copyOf(accounts);
  }

  public static SeedList read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, file.toString());
    } catch (IOException e) {
      throw new QuickHubException("Cannot read the seed list " + file + ": " + e.getMessage(), e);
    }
  }

  static SeedList parse(Reader reader, String source) throws IOException {
    CsvMapper mapper = new CsvMapper();
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    List<SeedAccount> accounts = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (MappingIterator<Map<String, String>> rows =
        mapper.readerForMapOf(String.class).with(schema).readValues(reader)) {
      int line = 1;
      while (rows.hasNext()) {
        line++;
        Map<String, String> row = rows.next();
        if (line == 2 && !row.containsKey("username")) {
          throw new QuickHubException(
              source + " must start with the header " + String.join(",", COLUMNS) + ".");
        }
        String name = value(row, "username");
        if (!UserName.isValid(name)) {
          throw new QuickHubException(
              source
                  + " line "
                  + line
                  + ": '"
                  + name
                  + "' is not a valid user name; use lower-case letters,"
                  + " digits, '_' or '-', starting with a letter.");
        }
        if (!seen.add(name)) {
          throw new QuickHubException(
              source + " line " + line + ": '" + name + "' is listed twice.");
        }
        accounts.add(
            new SeedAccount(
                name,
                value(row, "full_name"),
                groups(value(row, "groups")),
                admin(row, source, line)));
      }
    } catch (RuntimeException e) {
      if (e instanceof QuickHubException) {
        throw e;
      }
      throw new QuickHubException(source + " is not valid CSV (" + e.getMessage() + ").", e);
    }
    return new SeedList(accounts);
  }

  private static List<String> groups(String value) {
    return Arrays.stream(value.split("[;\\s]+")).filter(g -> !g.isEmpty()).toList();
  }

  private static boolean admin(Map<String, String> row, String source, int line) {
    String value = value(row, "admin").toLowerCase(Locale.ROOT);
    switch (value) {
      case "true", "yes", "1":
        return true;
      case "", "false", "no", "0":
        return false;
      default:
        throw new QuickHubException(
            source + " line " + line + ": admin must be true or false, not '" + value + "'.");
    }
  }

  private static String value(Map<String, String> row, String column) {
    String value = row.get(column);
    return value == null ? "" : value.strip();
  }

  public List<SeedAccount> accounts() {
    return accounts;
  }
}
