package dev.quickhub.users;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The seed accounts in {@code users/seed.csv}, or a teacher's roster in the same format: a header
 * {@code username,full_name,groups,admin} (only {@code username} required), groups separated by ';'
 * or spaces, admin {@code true} or {@code false}. Checked as a whole: one bad row refuses the list,
 * with every bad row named by its line, so nothing is built or created from it.
 */
public final class SeedList {

  static final List<String> COLUMNS = List.of("username", "full_name", "groups", "admin");

  private final List<SeedAccount> accounts;

  private SeedList(List<SeedAccount> accounts) {
    this.accounts = List.copyOf(accounts);
  }

  public static SeedList read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, file.toString(), "Fix the seed list; nothing was built.");
    } catch (IOException e) {
      throw new QuickHubException("Cannot read the seed list " + file + ": " + e.getMessage(), e);
    }
  }

  /** A teacher's roster; any bad row refuses it all, so a fixed roster imports in one go. */
  public static SeedList readRoster(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(
          reader,
          file.getFileName().toString(),
          "Fix these rows and import again; nothing was imported.");
    } catch (IOException e) {
      if (notText(e)) {
        throw new QuickHubException(
            "The roster "
                + file
                + " is not a CSV text file (it is not UTF-8 text); export it from the spreadsheet"
                + " as CSV (UTF-8) and import again; nothing was imported.",
            e);
      }
      throw new QuickHubException("Cannot read the roster " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether reading failed on bytes that are not UTF-8: a spreadsheet, an image, ... */
  private static boolean notText(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CharacterCodingException) {
        return true;
      }
    }
    return false;
  }

  /** The list, or a refusal naming every bad row by its line, then {@code closing}. */
  static SeedList parse(Reader reader, String source, String closing) throws IOException {
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
        Optional<String> problem = problem(row, seen);
        if (problem.isPresent()) {
          problems.add(source + " line " + line + ": " + problem.get() + ".");
        } else {
          accounts.add(
              new SeedAccount(
                  value(row, "username"),
                  value(row, "full_name"),
                  groups(value(row, "groups")),
                  admin(value(row, "admin"))));
        }
      }
    } catch (RuntimeException e) {
      if (e instanceof QuickHubException) {
        throw e;
      }
      throw new QuickHubException(source + " is not valid CSV (" + e.getMessage() + ").", e);
    }
    if (!problems.isEmpty()) {
      throw new QuickHubException(String.join("\n", problems) + "\n" + closing);
    }
    return new SeedList(accounts);
  }

  /** Why a row cannot be an account, if it cannot; names already seen are refused again. */
  private static Optional<String> problem(Map<String, String> row, Set<String> seen) {
    for (String column : COLUMNS) {
      if (ControlCharacters.in(row.get(column))) {
        return Optional.of(
            column
                + " "
                + ControlCharacters.quoted(row.get(column))
                + " contains a control character");
      }
    }
    String name = value(row, "username");
    if (!UserName.isValid(name)) {
      return Optional.of(
          (name.isEmpty() ? "no user name" : "'" + name + "' is not a valid user name")
              + "; use "
              + UserName.RULE_TEXT
              + " (and not 'root' or another privileged group's name)");
    }
    if (!seen.add(name)) {
      return Optional.of("'" + name + "' is listed twice");
    }
    Boolean admin = admin(value(row, "admin"));
    if (admin == null) {
      return Optional.of("admin must be true or false, not '" + value(row, "admin") + "'");
    }
    return groups(value(row, "groups")).stream()
        .map(group -> Groups.problem(group, admin))
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static List<String> groups(String value) {
    return Arrays.stream(value.split("[;\\s]+")).filter(g -> !g.isEmpty()).distinct().toList();
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
}
