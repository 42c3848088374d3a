package dev.quickhub.course;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import dev.quickhub.contract.ImageTool;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.engine.TarUpload;
import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.users.UserName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A running hub's course assignments, through the image's {@code quickhub-course} (run as root; it
 * copies into each home as the student or teacher): release material to every member of a course,
 * collect their work into the teacher's folder, return feedback, tell where each student stands,
 * and archive a course. Folders of the launcher's machine go in through the engine's archive API
 * into a root-only staging folder; exports come out the same way and are discarded in the hub once
 * copied. Each step reports per student and may be run again.
 */
public final class HubCourse {

  private static final String TOOL = "quickhub-course";
  private static final TypeReference<List<JsonNode>> NODES = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<String> TEXT = new TypeReference<>() {};

  /** What a step did for one student: {@code outcome} is the tool's word, e.g. "released". */
  public record Outcome(String student, String outcome, String detail) {}

  /**
   * One student's collected work; {@code late} when a file changed after the due time; {@code
   * detail} what the other fields do not say (files left out, why a student was skipped).
   */
  public record Work(
      String student,
      String outcome,
      int files,
      Optional<Instant> lastChange,
      boolean late,
      String detail) {}

  /**
   * A collection: the teacher who owns it, its folder in the hub (with summary.csv), each student's
   * work, and the folder it was also copied to, if asked.
   */
  public record Collected(
      String teacher, String folder, List<Work> students, Optional<Path> copiedTo) {

    public Collected {
      students = List.copyOf(students);
    }

    /** The summary beside the collected work in the hub. */
    public String summary() {
      return folder + "/summary.csv";
    }
  }

  /**
   * Where one student stands with an assignment: when it was released, whether they changed it
   * since (unknown before a release), when it was last collected and returned.
   */
  public record Standing(
      String student,
      Optional<Instant> released,
      Optional<Boolean> changed,
      Optional<Instant> collected,
      Optional<Instant> returned,
      String detail) {}

  /** A course's archive: the file written, its size, and the assignments it holds. */
  public record Archived(Path file, long bytes, List<String> assignments) {

    public Archived {
      assignments = List.copyOf(assignments);
    }
  }

  private final ImageTool tools;
  private final DockerClient docker;
  private final String container;
  private final Progress progress;

  public HubCourse(ContainerExec exec, DockerClient docker, String container, Progress progress) {
    this.tools = ImageTool.in(exec, container);
    this.docker = docker;
    this.container = container;
    this.progress = progress;
  }

  /**
   * Copies {@code material} into each course member's {@code ~/notebook/COURSE/ASSIGNMENT/}, owned
   * by the student; a file the student changed is kept, the teacher's newer version put beside it.
   */
  public List<Outcome> release(Assignment assignment, CourseFolder material) {
    String staged = stage(material);
    return outcomes(
        run(
            "Releasing " + assignment,
            List.of("release", assignment.course(), assignment.name(), staged, "--staged")));
  }

  /**
   * Snapshots each member's assignment folder into the teacher's {@code
   * ~/notebook/COURSE/collected/ASSIGNMENT/STUDENT/} (the first admin of the seed list unless
   * {@code teacher}), with summary.csv; work changed after {@code due} is marked late. With {@code
   * copyTo}, the collected work and summary are also copied into that folder of this machine (made
   * when missing; each student's folder there is replaced).
   */
  public Collected collect(
      Assignment assignment,
      Optional<Instant> due,
      Optional<String> teacher,
      Optional<Path> copyTo) {
    teacher.ifPresent(UserName::require);
    copyTo.ifPresent(CollectedCopy::requireFolder);
    List<String> args = new ArrayList<>(List.of("collect", assignment.course(), assignment.name()));
    due.ifPresent(time -> args.addAll(List.of("--due", time.toString())));
    teacher.ifPresent(name -> args.addAll(List.of("--teacher", name)));
    if (copyTo.isPresent()) {
      args.add("--export");
    }
    JsonNode result = run("Collecting " + assignment, args);
    List<Work> students = new ArrayList<>();
    for (JsonNode student : nodes(result, "students")) {
      students.add(
          new Work(
              text(student, "student"),
              text(student, "outcome"),
              student.path("files").asInt(0),
              time(student, "last_change"),
              student.path("late").asBoolean(false),
              // A collected student's note says only what the other fields do not.
              student.has("note")
                  ? ControlCharacters.escaped(text(student, "note"))
                  : detail(student)));
    }
    Collected collected =
        new Collected(text(result, "teacher"), text(result, "folder"), students, copyTo);
    copyTo.ifPresent(
        dir -> {
          progress.say("Copying the collected work to " + dir);
          fromHub(
              text(result, "export"),
              in -> {
                CollectedCopy.unpack(in, dir, progress);
                return null;
              });
        });
    return collected;
  }

  /**
   * Puts each {@code feedback} folder ({@code DIR/STUDENT/...}) into that student's {@code
   * ~/notebook/COURSE/ASSIGNMENT/feedback/}.
   */
  public List<Outcome> giveBack(Assignment assignment, CourseFolder feedback) {
    feedback.leftOut().forEach(path -> progress.say("Left out " + path + ": no student's folder."));
    String staged = stage(feedback);
    return outcomes(
        run(
            "Returning " + assignment,
            List.of("return", assignment.course(), assignment.name(), staged, "--staged")));
  }

  /** Where each member stands with the assignment. */
  public List<Standing> status(Assignment assignment) {
    List<Standing> standings = new ArrayList<>();
    for (JsonNode student :
        nodes(
            run("Reading " + assignment, List.of("status", assignment.course(), assignment.name())),
            "students")) {
      JsonNode changed = student.path("changed");
      standings.add(
          new Standing(
              text(student, "student"),
              time(student, "released"),
              changed.isBoolean() ? Optional.of(changed.asBoolean()) : Optional.empty(),
              time(student, "collected"),
              time(student, "returned"),
              detail(student)));
    }
    return List.copyOf(standings);
  }

  /**
   * Writes the course's collected work and feedback (the {@code teacher}'s, by default the first
   * admin's) as a gzip'd tar to the new file {@code file}, mode 0600.
   */
  public Archived archive(String course, Optional<String> teacher, Path file) {
    CourseNames.requireCourse(course);
    teacher.ifPresent(UserName::require);
    ArchiveFile.requireNew(file);
    List<String> args = new ArrayList<>(List.of("archive", course, "--export"));
    teacher.ifPresent(name -> args.addAll(List.of("--teacher", name)));
    JsonNode result = run("Archiving " + course, args);
    List<String> assignments = ImageTool.read(result.path("assignments"), STRINGS);
    progress.say("Copying the archive to " + file);
    long bytes = fromHub(text(result, "export"), in -> ArchiveFile.write(in, file));
    return new Archived(file, bytes, assignments);
  }

  /** A new staging folder in the hub holding {@code folder}'s content; removed on failure. */
  private String stage(CourseFolder folder) {
    String staged = text(run(List.of("stage")), "path");
    progress.say(
        "Sending " + folder.files() + " files and links (" + size(folder.bytes()) + ") to the hub");
    try {
      TarUpload.to(docker, container, staged, folder::write);
    } catch (IOException | RuntimeException e) {
      discard(staged, e);
      if (e instanceof QuickHubException q) {
        throw q;
      }
      throw new QuickHubException(
          "Sending "
              + ControlCharacters.escaped(folder.dir().toString())
              + " to the hub failed ("
              + e.getMessage()
              + "); nothing was copied.",
          e);
    }
    return staged;
  }

  /**
   * Reads the export {@code path} (a file in the hub) with {@code use}, then discards it in the
   * hub, also when reading failed.
   */
  private <T> T fromHub(String path, Function<InputStream, T> use) {
    T value;
    try (InputStream stream = docker.copyArchiveFromContainerCmd(container, path).exec();
        TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
      // The engine wraps the one file in a tar of its own.
      TarArchiveEntry entry = tar.getNextEntry();
      if (entry == null || !entry.isFile()) {
        throw ImageTool.unreadable(null);
      }
      value = use.apply(tar);
    } catch (IOException | RuntimeException e) {
      discard(path, e);
      if (e instanceof QuickHubException q) {
        throw q;
      }
      throw new QuickHubException(
          "Copying " + path + " out of the hub failed (" + e.getMessage() + "); run it again.", e);
    }
    discard(path, null);
    return value;
  }

  /**
   * Removes a staged or exported path in the hub. Failing to rides along with the {@code failure}
   * at hand, or, after success, is only said: what was asked for is done.
   */
  private void discard(String path, Exception failure) {
    try {
      run(List.of("discard", path));
    } catch (RuntimeException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      } else {
        progress.say("Could not remove " + path + " in the hub: " + e.getMessage());
      }
    }
  }

  private JsonNode run(List<String> args) {
    return tools.run(TOOL, args, null, progress);
  }

  /** Runs a long step as one task: the tool's line per student is its latest message. */
  private JsonNode run(String work, List<String> args) {
    try (Progress.Task task = progress.start(work, -1)) {
      return tools.run(TOOL, args, null, Progress.lines(task::message));
    }
  }

  private static List<Outcome> outcomes(JsonNode result) {
    List<Outcome> outcomes = new ArrayList<>();
    for (JsonNode student : nodes(result, "students")) {
      outcomes.add(
          new Outcome(text(student, "student"), text(student, "outcome"), detail(student)));
    }
    return List.copyOf(outcomes);
  }

  private static List<JsonNode> nodes(JsonNode result, String field) {
    return ImageTool.read(result.path(field), NODES);
  }

  private static String text(JsonNode node, String field) {
    return ImageTool.read(node.path(field), TEXT);
  }

  /** The line about one student: it may quote a file name the student chose. */
  private static String detail(JsonNode student) {
    return ControlCharacters.escaped(student.path("detail").asText(""));
  }

  /** An ISO 8601 time of the result, with an offset or Z; null or missing: none. */
  private static Optional<Instant> time(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isNull() || value.isMissingNode()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
    } catch (DateTimeParseException e) {
      throw ImageTool.unreadable(e);
    }
  }

  private static String size(long bytes) {
    return bytes < 1024 * 1024
        ? (bytes + 1023) / 1024 + " KB"
        : String.format("%.1f MB", bytes / (1024.0 * 1024));
  }
}
