"""A course's assignments: release, collect, return, status and archive (quickhub-course).

A course is a Linux group; its members are the students. Each student's copy of an assignment is
~/notebook/COURSE/ASSIGNMENT (the notebook folder is what JupyterLab shows), the teacher's
collection ~/notebook/COURSE/collected/ASSIGNMENT/STUDENT. Material and feedback are first copied
into root's own folder on the srv volume and checked there (ingest); only then does each student's
own process (quickhub_worker) write them into their home, and each student's own process read
their work for the teacher's process to write: root never follows a path a user controls.
"""
import csv
import datetime
import fcntl
import grp
import io
import json
import os
import pwd
import re
import secrets
import shutil
import stat
import tarfile
import threading
import unicodedata

import quickhub_accounts as accounts
import quickhub_contract as contract
import quickhub_trees as trees
import quickhub_worker as worker

ROOT_DIR = f"{contract.volume('srv')}/course"
INCOMING = f"{ROOT_DIR}/incoming"
OUTGOING = f"{ROOT_DIR}/outgoing"
COURSES = f"{ROOT_DIR}/courses"
ASSIGNMENT_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
ASSIGNMENT_RULE = "1 to 64 letters, digits, '_' or '-', starting with a letter or digit"
COLLECTED = "collected"
FEEDBACK = "feedback"
UPDATES = "UPDATES.txt"
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What one student's collection may hold: a student must not fill the disk the hub shares.
COLLECT_LIMIT = (20_000, 1 << 30)


class Problem(Exception):
    """Bad input or state: one sentence for the user; nothing was changed."""


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def iso(moment):
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def from_epoch(seconds):
    return None if seconds is None else datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)


def parse_time(text):
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise Problem(f"{text!r} is not a time: give an ISO 8601 time such as 2025-06-30T23:59:00Z.")
    return moment.astimezone(datetime.timezone.utc)


def printable(text):
    """A user's file name made safe for a terminal, a CSV file and UTF-8: control and format
    characters (bidi overrides) become '?', bytes that are no UTF-8 a backslash escape."""
    text = str(text).encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join("?" if CONTROL.match(c) or unicodedata.category(c) == "Cf" else c for c in text)


# Names -------------------------------------------------------------------------------------------

def check_assignment(name):
    if not ASSIGNMENT_PATTERN.fullmatch(name or "") or name == COLLECTED:
        raise Problem(f"{name!r} is not a valid assignment name: use {ASSIGNMENT_RULE}"
                      f" (and not '{COLLECTED}').")


def check_course(name):
    """The course's group; Problem when the name is not a course's."""
    problem = accounts.group_problem(name, admin=False)
    if problem or name in accounts.ADMIN_ONLY_GROUPS:
        raise Problem(f"{printable(name)!r} is not a course: {problem or 'it is an admin group'}.")
    try:
        group = grp.getgrnam(name)
    except KeyError:
        raise Problem(f"There is no course '{name}': a course is the Linux group of its students;"
                      f" import its roster with 'quickhub users import ROSTER --course {name}'.") from None
    if _account(name) is not None:
        raise Problem(f"'{name}' is a user's own group, not a course.")
    return group


def _account(name):
    try:
        user = pwd.getpwnam(name)
    except KeyError:
        return None
    return user if accounts.is_user_uid(user.pw_uid) else None


def user_of(name):
    """The worker.User of account NAME, or a sentence why its home can't be used."""
    user = _account(name)
    if user is None:
        return f"{name} has no account"
    home = os.path.join("/home", name)
    if user.pw_dir != home:
        return f"{name}'s home is not {home}"
    try:
        info = os.lstat(home)
    except FileNotFoundError:
        return f"{name} has no home ({home} is missing)"
    if not os.path.isdir(home) or os.path.islink(home) or info.st_uid != user.pw_uid:
        return f"{home} is not {name}'s own folder"
    return worker.User(name, user.pw_uid, user.pw_gid, home)


def members(group):
    return sorted(name for name in set(group.gr_mem) if _account(name) is not None)


def teacher(name):
    """The teacher's worker.User: NAME, or the seed list's first admin."""
    if not name:
        admins = [row["username"] for row in accounts.read_seed() if row["admin"]]
        if not admins:
            raise Problem("The seed list names no admin; give the teacher with --teacher USER.")
        name = admins[0]
    if not contract.is_user_name(name):
        raise Problem(f"{printable(name)!r} is not a valid user name: use {contract.NAME_RULE}.")
    user = user_of(name)
    if isinstance(user, str):
        raise Problem(f"The teacher's folder cannot be used: {user}.")
    return user


# State -------------------------------------------------------------------------------------------

class Assignment:
    """What quickhub knows of one assignment, in root's own folder: state.json (per student: what
    was released to them, collected, returned), the released material and the returned feedback."""

    def __init__(self, course, name):
        check_assignment(name)
        self.course, self.name = course, name
        self.dir = f"{COURSES}/{course}/{name}"
        self.material = f"{self.dir}/material"
        self.feedback = f"{self.dir}/feedback"
        self._file = f"{self.dir}/state.json"
        try:
            with open(self._file) as f:
                self.state = json.load(f)
        except FileNotFoundError:
            self.state = None

    def require_released(self):
        if self.state is None:
            raise Problem(f"Assignment '{self.name}' of course '{self.course}' was never released;"
                          f" release it first with 'quickhub course release {self.course} {self.name} DIR'.")

    def student(self, name):
        return self.state["students"].setdefault(name, {})

    def save(self):
        os.makedirs(self.dir, mode=0o700, exist_ok=True)
        accounts.replace_file(self._file, json.dumps(self.state, indent=1, sort_keys=True), 0o600)


def locked(course=None):
    """One command at a time for a course (COURSE None: for the launcher's staging): an exclusive
    lock in root's course folder."""
    os.makedirs(f"{ROOT_DIR}/locks", mode=0o700, exist_ok=True)
    os.chmod(ROOT_DIR, 0o700)
    name = f"course-{course}" if course and contract.is_user_name(course) else "staging"
    fd = os.open(f"{ROOT_DIR}/locks/{name}", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


# Moving trees ------------------------------------------------------------------------------------

def _feed(write, source_dir):
    """A thread writing the tree of root's own SOURCE_DIR into pipe end WRITE."""
    def run():
        try:
            with os.fdopen(write, "wb") as out:
                trees.write_tree(source_dir, out, strict=True)
        except (BrokenPipeError, trees.Refused):
            pass  # the reader stopped: its answer says why
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def ingest(path, reader, into, shown):
    """Copies folder PATH, read as READER (a worker.User), into root's INTO, replacing it only when
    the whole tree arrived: a link leaving the folder or a special file refuses it, nothing copied.
    SHOWN is how the user named PATH. Returns the number of files."""
    new = f"{into}.new"
    shutil.rmtree(new, ignore_errors=True)
    os.makedirs(new, mode=0o700)

    def read_it(_, out):
        if not os.path.isdir(path):
            raise NotADirectoryError("it is not a folder")
        return trees.write_tree(path, out, strict=True)["files"]

    read_end, write_end = os.pipe()
    child = worker.start(reader, read_it, sink=write_end)
    try:
        with worker.Stream(child, read_end) as source, trees.Folder(new) as folder:
            trees.read_tree(source, folder)
        files = child.wait()
    except (worker.Failed, trees.Refused, tarfile.TarError, OSError) as e:
        try:  # the reader's own reason, when it refused the tree
            child.wait(5)
        except worker.Failed as failed:
            e = failed
        shutil.rmtree(new, ignore_errors=True)
        why = printable(e)
        hint = " Replace the link by the file it points to, or remove it." if "links outside" in why else ""
        raise Problem(f"{printable(shown)} cannot be copied: {why}; nothing was copied.{hint}") from None
    if files == 0:
        shutil.rmtree(new, ignore_errors=True)
        raise Problem(f"{printable(shown)} holds no files; nothing was copied.")
    old = f"{into}.old"
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(into):
        os.rename(into, old)
    os.rename(new, into)
    shutil.rmtree(old, ignore_errors=True)
    return files


def reader_of(path, staged):
    """Who reads a folder given to the tool: root for a folder staged by the launcher (root's
    own), else the admin who ran the tool through sudo (their path, their rights)."""
    if staged:
        real = os.path.realpath(path)
        if os.path.dirname(real) != INCOMING or os.path.islink(path):
            raise Problem(f"{printable(path)} is not a folder staged by the launcher.")
        return worker.ROOT
    uid = int(os.environ.get("SUDO_UID", "0") or 0)
    if uid == 0:
        return worker.ROOT
    user = pwd.getpwuid(uid)
    return worker.User(user.pw_name, user.pw_uid, user.pw_gid, user.pw_dir)


# Release -----------------------------------------------------------------------------------------

def beside_name(name, stamp):
    """Where a newer teacher version goes when the student changed theirs: a.ipynb ->
    a.update-20250630-2359.ipynb, in the same folder."""
    folder, base = os.path.split(name)
    stem, ext = os.path.splitext(base)
    if not stem:  # a dot file such as .env
        stem, ext = base, ""
    return os.path.join(folder, f"{stem}.update-{stamp}{ext}")


def apply_release(source, base, record, stamp, digests):
    """In the student's process: writes the release stream SOURCE into folder BASE. A file is
    written when absent or unchanged since the student got it (its sha256 is RECORD's 'base'); a
    file the student changed is kept and the new version goes beside it, with a line in UPDATES.txt.
    DIGESTS are the stream's files' sha256: a file the student has already is not written again.
    Returns what happened and each path's new record."""
    files, done = dict(record), {"new": 0, "updated": 0, "same": 0, "kept": [], "problems": []}
    notes = []
    with trees.Folder(base) as folder:
        for name, member, data in trees.members(source):
            try:
                if member.isdir():
                    folder.mkdir(name)
                elif member.issym():
                    if not folder.symlink(name, member.linkname):
                        done["kept"].append(name)
                else:
                    _release_file(folder, name, member, data, digests.get(name), files, done,
                                  notes, stamp)
            except OSError as e:
                done["problems"].append(f"{name}: {e.strerror}")
        if notes:
            old = _read_small(folder, UPDATES)
            folder.write(UPDATES, io.BytesIO(old + "".join(notes).encode()), 0o644)
    done["files"] = files
    return done


def _read_small(folder, name):
    try:
        fd, last = folder.parent(name, create=False)
    except OSError:
        return b""
    try:
        f = os.open(last, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
        if not stat.S_ISREG(os.fstat(f).st_mode):
            os.close(f)
            return b""
        with os.fdopen(f, "rb") as file:
            return file.read(1 << 20)
    except OSError:
        return b""
    finally:
        os.close(fd)


def _release_file(folder, name, member, data, digest, files, done, notes, stamp):
    mode = 0o755 if member.mode & 0o100 else 0o644
    known = files.get(name)
    current = folder.digest(name)
    has_it = current is not None and current == digest
    offered_before = current is not None and known is not None and known["offered"] == digest
    if has_it or offered_before:  # offered before: the student keeps their own version
        done["same"] += 1
        files[name] = {"base": digest if has_it else known["base"], "offered": digest}
        return
    # The new version arrives under a temporary name first: where it goes depends on the student's.
    tmp = f"{name}.quickhub-new"
    new = folder.write(tmp, data, mode)
    try:
        if current is None or (known and current == known["base"]):
            folder.rename(tmp, name)
            done["new" if current is None else "updated"] += 1
            files[name] = {"base": new, "offered": new}
        else:
            beside = beside_name(name, stamp)
            folder.rename(tmp, beside)
            done["kept"].append(name)
            notes.append(f"{stamp}: you changed {name}, so the teacher's new version is"
                         f" {os.path.basename(beside)} beside it; your file is unchanged.\n")
            files[name] = {"base": known["base"] if known else None, "offered": new}
    finally:
        if folder.digest(tmp) is not None:
            folder.discard(tmp)


def files_text(counts):
    return f"files: {counts}" if counts else "no files"


def plural(count, word):
    return f"{count} {word}" + ("" if count == 1 else "s")


def _report(student, outcome, detail):
    line = {"student": student, "outcome": outcome, "detail": printable(detail)}
    progress(f"{student}: {outcome}" + (f" ({line['detail']})" if detail else ""))
    return line


def progress(text):
    """Set by the tool (quickhub_tool.progress); silent for library use."""


def _pipe_to(user, work, source_dir):
    """WORK(stream) run as USER on the tree of root's own SOURCE_DIR; its answer."""
    read_end, write_end = os.pipe()
    child = worker.start(user, lambda source, _: work(source), source=read_end)
    feeder = _feed(write_end, source_dir)
    try:
        return child.wait()
    finally:
        feeder.join()


def release(course, name, path, staged):
    group = check_course(course)
    assignment = Assignment(course, name)
    reader = reader_of(path, staged)
    try:
        files = ingest(path, reader, assignment.material, "the folder" if staged else path)
    finally:
        if staged:
            shutil.rmtree(path, ignore_errors=True)
    when = now()
    if assignment.state is None:
        assignment.state = {"released": None, "students": {}}
    assignment.state["released"] = iso(when)
    digests = trees.digests(assignment.material)
    progress(f"released {plural(files, 'file')} of {course}/{name}")
    students = members(group)
    results = []
    for student in students:
        results.append(_release_to(assignment, student, when, digests))
        assignment.save()
    for gone in sorted(set(assignment.state["students"]) - set(students)):
        results.append(_report(gone, "skipped", "no longer in the course"))
    assignment.save()
    return {"students": results}


def _release_to(assignment, student, when, digests):
    user = user_of(student)
    if isinstance(user, str):
        return _report(student, "skipped", user)
    record = assignment.student(student)
    base = f"{user.home}/notebook/{assignment.course}/{assignment.name}"
    stamp = when.strftime("%Y%m%d-%H%M")
    try:
        done = _pipe_to(user, lambda source: apply_release(
            source, inside_home(user, base), record.get("files", {}), stamp, digests),
            assignment.material)
    except worker.Failed as e:
        return _report(student, "failed", str(e))
    first = not record.get("released")
    record.update(released=iso(when), files=done["files"])
    ours = set(record.get("ours", []))
    ours.update(beside_name(kept, stamp) for kept in done["kept"])
    if done["kept"]:
        ours.add(UPDATES)
    record["ours"] = sorted(ours)
    parts = [f"{count} {what}" for what, count in
             (("new", done["new"]), ("updated", done["updated"]), ("unchanged", done["same"])) if count]
    if done["kept"]:
        parts.append(f"{len(done['kept'])} kept as the student changed them, the new version beside"
                     f" ({', '.join(done['kept'])})")
    if done["problems"]:
        parts.append(f"not written: {'; '.join(done['problems'])}")
    outcome = "released" if first else ("updated" if done["new"] or done["updated"] or done["kept"]
                                        else "up to date")
    return _report(student, outcome, files_text(", ".join(parts)))


def _collect_keep(name):
    """What a collection takes from a student's folder: not the feedback, quickhub's notes or
    temporary files, nor Jupyter's checkpoints; a git folder is left out and named, since git run
    by the teacher in it would run what its configuration says, as the teacher."""
    last = name.rsplit("/", 1)[-1]
    if last == ".git":
        return "a git folder: its configuration could run commands as whoever uses git there"
    return (name not in (FEEDBACK, UPDATES) and ".quickhub-" not in last
            and last != ".ipynb_checkpoints")


def inside_home(user, path):
    """In the user's process: PATH itself, once its real path is inside the user's home (a student
    may link their folder elsewhere in their home, not to /proc/self/... or another's folder)."""
    real = os.path.realpath(path)
    if os.path.lexists(path) and not real.startswith(user.home + "/"):
        raise PermissionError(f"{path.removeprefix(user.home + '/')} leads outside {user.name}'s home")
    return path


def _replace_snapshot(source, folder, student):
    """In the teacher's process: the stream becomes FOLDER/STUDENT, replacing the last one."""
    os.makedirs(folder, exist_ok=True)
    new = f"{folder}/.{student}.quickhub-new"
    shutil.rmtree(new, ignore_errors=True)
    with trees.Folder(new) as target:
        files = trees.read_tree(source, target)
    old = f"{folder}/{student}"
    if os.path.lexists(old):
        if os.path.isdir(old) and not os.path.islink(old):
            shutil.rmtree(old)
        else:
            os.unlink(old)
    os.rename(new, old)
    return files


def collect(course, name, due, teacher_name, export):
    group = check_course(course)
    assignment = Assignment(course, name)
    assignment.require_released()
    due = parse_time(due) if due else None
    owner = teacher(teacher_name)
    folder = f"{owner.home}/notebook/{course}/{COLLECTED}/{name}"
    when = now()
    students = [s for s in members(group) if s != owner.name]
    results = []
    for student in students:
        results.append(_collect_from(assignment, student, owner, folder, when, due))
        assignment.save()
    for gone in sorted(set(assignment.state["students"]) - set(students) - {owner.name}):
        results.append(_report(gone, "skipped", "no longer in the course"))
    text = io.StringIO()
    table = csv.writer(text, lineterminator="\n")
    table.writerow(["student", "files", "last_change", "late", "collected", "note"])
    for row in results:
        table.writerow([row["student"], row.get("files", ""), row.get("last_change") or "",
                        "late" if row.get("late") else "", row.get("collected") or "",
                        row["note"] if row["outcome"] == "collected" else row["detail"]])

    def write_summary(*_):
        with trees.Folder(folder) as target:
            target.write("summary.csv", io.BytesIO(text.getvalue().encode()), 0o644)
    worker.run(owner, write_summary)
    answer = {"teacher": owner.name, "folder": folder, "students": results}
    if export:
        try:
            answer["export"] = _export(owner, folder, "tar", keep=lambda n: ".quickhub-" not in n)
        except worker.Failed as e:
            raise Problem(f"The collection is in {folder}, but could not be sent: {e}.") from None
    return answer


def _collect_from(assignment, student, owner, folder, when, due):
    user = user_of(student)
    if isinstance(user, str):
        return _report(student, "skipped", user)
    base = f"{user.home}/notebook/{assignment.course}/{assignment.name}"
    record = assignment.student(student)
    # Only the student's own changes count for the last change: not what a release wrote.
    released = {name: known["base"] for name, known in record.get("files", {}).items()}
    ours = set(record.get("ours", []))

    def read(_, out):
        return _summary(trees.write_tree(
            inside_home(user, base), out, strict=False, keep=_collect_keep, limit=COLLECT_LIMIT,
            counts=lambda name, sha: name not in ours and released.get(name) != sha))
    read_end, write_end = os.pipe()
    reader = worker.start(user, read, sink=write_end)
    writer = worker.start(owner, lambda source, _: _replace_snapshot(source, folder, student),
                          source=read_end)
    try:
        files = writer.wait(watch=(reader,))
    except worker.Failed as e:
        reader.kill()
        try:
            reader.wait(30)
        except worker.Failed as why:  # the reader's reason comes first: it stopped the stream
            e = why
        worker.run(owner, lambda *_: shutil.rmtree(f"{folder}/.{student}.quickhub-new",
                                                   ignore_errors=True))
        return _report(student, "failed", f"nothing collected: {e}")
    try:
        summary = reader.wait(watch=(writer,))
    except worker.Failed as e:
        return _report(student, "failed", f"the folder could not be read: {e}")
    last = from_epoch(summary["last_change"])
    late = bool(due and last and last > due)
    record.update(collected=iso(when), late=late, last_change=iso(last), collected_files=files)
    detail = plural(files, "file") + (f", last change {iso(last)}" if last else ", no change since the release")
    if late:
        detail += ", late"
    note = f"left out: {', '.join(summary['left_out'])}" if summary["left_out"] else ""
    line = _report(student, "collected", "; ".join(filter(None, [detail, note])))
    line.update(files=files, last_change=iso(last), late=late, collected=iso(when),
                note=printable(note))
    return line


def _summary(summary):
    left_out = summary["left_out"]
    return {"last_change": summary["last_change"],
            "left_out": left_out[:20] + ([f"{len(left_out) - 20} more"] if len(left_out) > 20 else [])}


def _export(user, top, suffix, keep):
    """A tar of TOP, read by USER's process, as a new root-only file in OUTGOING; its path."""
    os.makedirs(OUTGOING, mode=0o700, exist_ok=True)
    path = f"{OUTGOING}/{secrets.token_hex(8)}.{suffix}"
    read_end, write_end = os.pipe()
    child = worker.start(user, lambda _, out: trees.write_tree(top, out, strict=False, keep=keep)["files"],
                         sink=write_end)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with worker.Stream(child, read_end) as source, os.fdopen(fd, "wb") as target:
            shutil.copyfileobj(source, target, trees.CHUNK)
        child.wait()
    except BaseException:
        os.unlink(path)
        raise
    return path


def give_back(course, name, path, staged):
    """return: DIR/STUDENT/* into each student's ASSIGNMENT/feedback folder."""
    group = check_course(course)
    assignment = Assignment(course, name)
    assignment.require_released()
    incoming = f"{assignment.dir}/returning"
    reader = reader_of(path, staged)
    try:
        ingest(path, reader, incoming, "the folder" if staged else path)
    finally:
        if staged:
            shutil.rmtree(path, ignore_errors=True)
    students = members(group)
    results, given = [], set()
    for entry in sorted(os.listdir(incoming)):
        source = f"{incoming}/{entry}"
        if entry not in students:
            results.append(_report(printable(entry), "skipped", "not in the course" if contract.is_user_name(entry)
                                   else "not a student's folder"))
        elif os.path.islink(source) or not os.path.isdir(source):
            results.append(_report(entry, "skipped", "not a folder"))
        else:
            given.add(entry)
    os.makedirs(assignment.feedback, mode=0o700, exist_ok=True)
    for student in students:
        if student not in given:
            results.append(_report(student, "skipped", f"no folder {student} in the feedback folder"))
            continue
        kept = f"{assignment.feedback}/{student}"
        shutil.rmtree(kept, ignore_errors=True)
        os.rename(f"{incoming}/{student}", kept)
        results.append(_return_to(assignment, student, kept))
        assignment.save()
    shutil.rmtree(incoming, ignore_errors=True)
    return {"students": results}


def _return_to(assignment, student, kept):
    user = user_of(student)
    if isinstance(user, str):
        return _report(student, "skipped", user)
    base = f"{user.home}/notebook/{assignment.course}/{assignment.name}/{FEEDBACK}"

    def write(source):
        with trees.Folder(inside_home(user, base)) as folder:
            return trees.read_tree(source, folder)
    try:
        files = _pipe_to(user, write, kept)
    except worker.Failed as e:
        return _report(student, "failed", str(e))
    assignment.student(student)["returned"] = iso(now())
    return _report(student, "returned", f"{plural(files, 'file')} in {assignment.name}/{FEEDBACK}")


def changed_since(base, record):
    """In the student's process: whether the folder differs from what quickhub put there."""
    files, ours = record.get("files", {}), set(record.get("ours", []))
    if not os.path.isdir(base):
        return bool(files)
    seen = set()
    with trees.Folder(base, create=False) as folder:
        for entry in trees.walk(base, _collect_keep):
            if entry.stat is None or not stat.S_ISREG(entry.stat.st_mode) or entry.name in ours:
                continue
            seen.add(entry.name)
            known = files.get(entry.name)
            if known is None or folder.digest(entry.name) != known["base"]:
                return True
    return any(name not in seen for name in files)


def status(course, name):
    group = check_course(course)
    assignment = Assignment(course, name)
    assignment.require_released()
    students = members(group)
    rows = []
    for student in sorted(set(students) | set(assignment.state["students"])):
        record = assignment.state["students"].get(student, {})
        changed, detail = None, ""
        user = user_of(student)
        if student not in students:
            detail = "no longer in the course"
        elif isinstance(user, str):
            detail = user
        elif record.get("released"):
            base = f"{user.home}/notebook/{course}/{name}"
            try:
                changed = worker.run(user, lambda *_: changed_since(inside_home(user, base), record))
            except worker.Failed as e:
                detail = f"its folder could not be read: {e}"
        else:
            detail = "not released to them yet"
        if record.get("late"):
            detail = ", ".join(filter(None, ["late", detail]))
        rows.append({"student": student, "released": record.get("released"), "changed": changed,
                     "collected": record.get("collected"), "returned": record.get("returned"),
                     "detail": printable(detail)})
    return {"students": rows}


def archive(course, teacher_name, output=None):
    """The teacher's collections and the feedback as returned, one tar.gz: COURSE/collected/... and
    COURSE/feedback/ASSIGNMENT/STUDENT/...; in OUTGOING for the launcher, or written to OUTPUT as
    the admin who ran the tool."""
    check_course(course)
    owner = teacher(teacher_name)
    folder = f"{COURSES}/{course}"
    assignments = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    if not assignments:
        raise Problem(f"Course '{course}' has no assignment yet; nothing to archive.")
    os.makedirs(OUTGOING, mode=0o700, exist_ok=True)
    path = f"{OUTGOING}/{secrets.token_hex(8)}.tar.gz"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        _write_archive(fd, course, owner, folder, assignments)
    except BaseException as e:
        os.unlink(path)
        if isinstance(e, (worker.Failed, trees.Refused, tarfile.TarError)):
            raise Problem(f"The archive of {course} could not be made: {printable(e)}.") from None
        raise
    progress(f"archived {course}: {', '.join(assignments)}")
    if output is None:
        return {"export": path, "assignments": assignments}
    try:
        _hand_over(path, output)
    finally:
        os.unlink(path)
    return {"file": output, "assignments": assignments}


def _write_archive(fd, course, owner, folder, assignments):
    with os.fdopen(fd, "wb") as file, tarfile.open(fileobj=file, mode="w:gz") as out:
        read_end, write_end = os.pipe()
        collected = f"{owner.home}/notebook/{course}/{COLLECTED}"
        child = worker.start(owner, lambda _, sink: trees.write_tree(
            collected, sink, strict=False, keep=lambda n: ".quickhub-" not in n)["files"], sink=write_end)
        with worker.Stream(child, read_end) as source:
            for name, member, data in trees.members(source):
                _add(out, f"{course}/{COLLECTED}/{name}", member, data)
        child.wait()
        for name in assignments:
            feedback = f"{folder}/{name}/feedback"
            if os.path.isdir(feedback):
                out.add(feedback, arcname=f"{course}/{FEEDBACK}/{name}")


def _add(out, name, member, data):
    info = tarfile.TarInfo(name)  # a fresh header: none of the teacher's pax fields come along
    info.type, info.mode, info.mtime = member.type, member.mode & 0o755, member.mtime
    info.size, info.linkname = (member.size, "") if member.isreg() else (0, member.linkname)
    out.addfile(info, data)


def _hand_over(path, output):
    """Copies root's PATH to a new file OUTPUT (mode 0600) as the admin who ran the tool."""
    reader = reader_of(output, staged=False)
    with open(path, "rb") as source:
        read_end, write_end = os.pipe()

        def write(stream, _):
            try:
                fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            except FileExistsError:
                raise FileExistsError("it exists already: give a new file name") from None
            with os.fdopen(fd, "wb") as target:
                shutil.copyfileobj(stream, target, trees.CHUNK)
        child = worker.start(reader, write, source=read_end)
        try:
            with os.fdopen(write_end, "wb") as sink:
                shutil.copyfileobj(source, sink, trees.CHUNK)
        except BrokenPipeError:
            pass
        try:
            child.wait()
        except worker.Failed as e:
            raise Problem(f"{printable(output)} was not written: {e}.") from None


def stage():
    os.makedirs(INCOMING, mode=0o700, exist_ok=True)
    path = f"{INCOMING}/{secrets.token_hex(8)}"
    os.mkdir(path, 0o700)
    return {"path": path}


def discard(path):
    if os.path.islink(path) or os.path.dirname(os.path.realpath(path)) not in (INCOMING, OUTGOING):
        raise Problem(f"{printable(path)} is not a folder or file of the launcher's to discard.")
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.unlink(path)
