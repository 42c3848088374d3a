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
  private final List<String> problems;

  private SeedList(List<SeedAccount> accounts, List<String> problems) {
    this.accounts = List.copyOf(accounts);
    this.problems = List.copyOf(problems);
  }

  public static SeedList read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, file.toString());
    } catch (IOException e) {
      throw new QuickHubException("Cannot read the seed list " + file + ": " + e.getMessage(), e);
    }
  }

  static SeedList parse(Reader reader, String source) throws IOException {
    SeedList list = parseLenient(reader, source);
    if (!list.problems.isEmpty()) {
      throw new QuickHubException(list.problems.get(0));
    }
    return list;
  }

  /**
   * A teacher's roster in the seed list's format (only {@code username} required): bad rows are
   * left out and reported in {@link #problems()}, one sentence each naming the line.
   */
  public static SeedList readRoster(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parseLenient(reader, file.getFileName().toString());
    } catch (IOException e) {
      throw new QuickHubException("Cannot read the roster " + file + ": " + e.getMessage(), e);
    }
  }

  static SeedList parseLenient(Reader reader, String source) throws IOException {
    CsvMapper mapper = new CsvMapper();
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    List<SeedAccount> accounts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
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
        String at = source + " line " + line + ": ";
        if (!UserName.isValid(name)) {
          problems.add(
              at
                  + (name.isEmpty() ? "no user name" : "'" + name + "' is not a valid user name")
                  + "; use lower-case letters, digits, '_' or '-', starting with a letter.");
        } else if (!seen.add(name)) {
          problems.add(at + "'" + name + "' is listed twice.");
        } else {
          Boolean admin = admin(value(row, "admin"));
          if (admin == null) {
            problems.add(at + "admin must be true or false, not '" + value(row, "admin") + "'.");
          } else {
            accounts.add(
                new SeedAccount(
                    name, value(row, "full_name"), groups(value(row, "groups")), admin));
          }
        }
      }
    } catch (RuntimeException e) {
      if (e instanceof QuickHubException) {
        throw e;
      }
      throw new QuickHubException(source + " is not valid CSV (" + e.getMessage() + ").", e);
    }
    return new SeedList(accounts, problems);
  }

  private static List<String> groups(String value) {
    return Arrays.stream(value.split("[;\\s]+")).filter(g -> !g.isEmpty()).toList();
  }

  private static Boolean admin(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1":
        return true;
      case "", "false", "no", "0":
        return false;
      default:
        return null;
    }
  }

  private static String value(Map<String, String> row, String column) {
    String value = row.get(column);
    return value == null ? "" : value.strip();
  }

  public List<SeedAccount> accounts() {
    return accounts;
  }

  /** The rows left out of a roster, one sentence each. */
  public List<String> problems() {
    return problems;
  }
}
