"""The course tool's trees (quickhub_trees), its work as a user (quickhub_worker) and the release
rules (quickhub_course), on the host's Python. The worker tests fork and become 'nobody' (root)."""
import hashlib
import io
import os
import tarfile

import pytest

import quickhub_course as course
import quickhub_trees as trees
import quickhub_worker as worker

NOBODY = worker.User("nobody", 65534, 65534, "/nonexistent")


def tar_of(entries):
    """A tar stream of {name: bytes | ('link', target) | ('dir',)}."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w|") as tar:
        for name, what in entries.items():
            info = tarfile.TarInfo(name)
            if isinstance(what, bytes):
                info.size = len(what)
                tar.addfile(info, io.BytesIO(what))
            elif what[0] == "link":
                info.type, info.linkname = tarfile.SYMTYPE, what[1]
                tar.addfile(info)
            else:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
    return io.BytesIO(out.getvalue())


def test_names_and_links_must_stay_inside():
    assert trees.relative_name("a/./b") == "a/b"
    for bad in ("", "/etc/passwd", "..", "../x", "a/../../x", "."):
        assert trees.relative_name(bad) is None, bad
    assert trees.link_stays_inside("a/link", "../b")
    assert trees.link_stays_inside("link", "sub/file")
    assert trees.link_stays_inside("a/b/up", "../..")
    for target in ("/etc/shadow", "..", "../x", "sub/../../x", "", "d/..", "a/../b"):
        assert not trees.link_stays_inside("link", target), target
    assert not trees.link_stays_inside("a/link", "../../x")


def test_a_tree_goes_across_with_links_as_links_and_its_mtimes(base):
    src = base / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text("A")
    (src / "run.sh").write_text("#!/bin/sh\n")
    os.chmod(src / "run.sh", 0o755)
    os.utime(src / "sub" / "a.txt", (1_600_000_000, 1_600_000_000))
    os.symlink("sub/a.txt", src / "link")
    stream = io.BytesIO()
    summary = trees.write_tree(str(src), stream)
    assert summary["files"] == 2 and summary["left_out"] == []
    stream.seek(0)
    with trees.Folder(str(base / "dst")) as folder:
        assert trees.read_tree(stream, folder) == 2
    dst = base / "dst"
    assert (dst / "sub" / "a.txt").read_text() == "A"
    assert os.stat(dst / "sub" / "a.txt").st_mtime == 1_600_000_000
    assert os.readlink(dst / "link") == "sub/a.txt"
    assert os.stat(dst / "run.sh").st_mode & 0o777 == 0o755


def test_a_link_leaving_the_tree_refuses_it_before_anything_is_written(base):
    src = base / "src"
    src.mkdir()
    (src / "a.txt").write_text("A")
    os.symlink("/etc/passwd", src / "passwd")
    stream = io.BytesIO()
    with pytest.raises(trees.Refused) as refused:
        trees.write_tree(str(src), stream)
    assert refused.value.name == "passwd" and "/etc/passwd" in refused.value.why
    assert stream.getvalue() == b""
    summary = trees.write_tree(str(src), io.BytesIO(), strict=False)
    assert summary["files"] == 1 and summary["left_out"] == ["passwd (links outside the folder (to /etc/passwd))"]


def test_reading_refuses_climbing_names_and_outside_links(base):
    for entries in ({"../evil": b"x"}, {"/abs": b"x"}, {"l": ("link", "/etc")}, {"l": ("link", "../..")}):
        with trees.Folder(str(base / "dst")) as folder, pytest.raises(trees.Refused):
            trees.read_tree(tar_of(entries), folder)
    assert list((base / "dst").iterdir()) == []


def test_writing_never_follows_a_link_already_in_the_folder(base):
    outside = base / "outside"
    outside.mkdir()
    dst = base / "dst"
    dst.mkdir()
    os.symlink(str(outside), dst / "notes")
    with trees.Folder(str(dst)) as folder, pytest.raises(OSError):
        trees.read_tree(tar_of({"notes/x.txt": b"planted"}), folder)
    assert list(outside.iterdir()) == []


def test_a_chain_of_links_cannot_carry_a_write_outside(base):
    dst = base / "dst"
    with trees.Folder(str(dst)) as folder, pytest.raises(trees.Refused):
        trees.read_tree(tar_of({"a/b/up": ("link", "../.."), "v": ("link", "a/b/up/.."),
                                "v/escaped.txt": b"x"}), folder)
    with trees.Folder(str(base / "dst2")) as folder, pytest.raises(OSError):
        trees.read_tree(tar_of({"a/b/up": ("link", "../.."), "a/b/up/escaped.txt": b"x"}), folder)
    assert not (base / "escaped.txt").exists()


def release(base, entries, record, stamp="20250101-0000"):
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in entries.items()}
    return course.apply_release(tar_of(entries), str(base), record, stamp, digests)


def test_release_keeps_a_students_change_and_puts_the_new_version_beside(base):
    base = base / "c101" / "hw1"
    first = release(base, {"hw.ipynb": b"v1", "data/d.csv": b"1,2"}, {})
    assert (first["new"], first["updated"], first["kept"]) == (2, 0, [])
    (base / "hw.ipynb").write_text("my answer")
    second = release(base, {"hw.ipynb": b"v2", "data/d.csv": b"1,2,3"}, first["files"], "20250102-0900")
    assert second["kept"] == ["hw.ipynb"] and second["updated"] == 1
    assert (base / "hw.ipynb").read_text() == "my answer"
    assert (base / "hw.update-20250102-0900.ipynb").read_text() == "v2"
    assert (base / "data" / "d.csv").read_text() == "1,2,3"
    assert "you changed hw.ipynb" in (base / "UPDATES.txt").read_text()
    third = release(base, {"hw.ipynb": b"v2", "data/d.csv": b"1,2,3"}, second["files"], "20250103-0900")
    assert (third["kept"], third["same"]) == ([], 2)
    assert not (base / "hw.update-20250103-0900.ipynb").exists()
    assert not [p for p in base.rglob("*quickhub*")], "no temporary file stays"


def test_a_deleted_file_comes_back_and_a_folder_in_the_way_keeps_the_rest_going(base):
    base = base / "hw"
    first = release(base, {"a.txt": b"A", "b.txt": b"B"}, {})
    (base / "a.txt").unlink()
    (base / "b.txt").unlink()
    (base / "b.txt").mkdir()
    again = release(base, {"a.txt": b"A", "b.txt": b"B2"}, first["files"])
    assert (base / "a.txt").read_text() == "A"
    assert again["kept"] == ["b.txt"] and (base / "b.update-20250101-0000.txt").read_text() == "B2"


def test_changed_since_sees_edits_new_files_and_deletions_but_not_quickhubs_own(base):
    base = base / "hw"
    done = release(base, {"a.txt": b"A"}, {})
    record = {"files": done["files"], "ours": [course.UPDATES]}
    assert course.changed_since(str(base), record) is False
    (base / course.UPDATES).write_text("note")
    (base / "feedback").mkdir()
    (base / "feedback" / "f.txt").write_text("good")
    assert course.changed_since(str(base), record) is False
    (base / "new.py").write_text("x")
    assert course.changed_since(str(base), record) is True
    (base / "new.py").unlink()
    (base / "a.txt").unlink()
    assert course.changed_since(str(base), record) is True


def test_beside_names():
    assert course.beside_name("a.ipynb", "S") == "a.update-S.ipynb"
    assert course.beside_name("d/data", "S") == "d/data.update-S"
    assert course.beside_name(".env", "S") == ".env.update-S"


def test_assignment_and_time_rules():
    for bad in ("", "a/b", "..", ".x", "collected", "x" * 65, "a b"):
        with pytest.raises(course.Problem):
            course.check_assignment(bad)
    course.check_assignment("week-1_A")
    assert course.iso(course.parse_time("2025-06-30T23:59:00Z")) == "2025-06-30T23:59:00Z"
    assert course.iso(course.parse_time("2025-07-01T01:59:00+02:00")) == "2025-06-30T23:59:00Z"
    for bad in ("tomorrow", "2025-06-30T23:59:00", "2025-13-01T00:00:00Z"):
        with pytest.raises(course.Problem, match="is not a time"):
            course.parse_time(bad)


def test_the_worker_runs_as_the_user_without_root_groups_and_reports_failures():
    assert worker.run(NOBODY, lambda *_: [os.getuid(), os.getgid(), os.getgroups()]) == [65534, 65534, []]
    with pytest.raises(worker.Failed, match="Permission denied"):
        worker.run(NOBODY, lambda *_: open("/etc/shadow").read())


def test_the_worker_passes_streams_and_is_killed_past_its_time(base):
    read_end, write_end = os.pipe()
    child = worker.start(NOBODY, lambda source, _: len(source.read()), source=read_end)
    with os.fdopen(write_end, "wb") as sink:
        sink.write(b"x" * 300_000)
    assert child.wait() == 300_000
    with pytest.raises(worker.Failed, match="took longer"):
        worker.run(NOBODY, lambda *_: __import__("time").sleep(30), timeout=1)


def test_a_chain_through_a_deep_link_is_refused():
    # The review's attack: a link climbing to the top, then a link climbing on through it.
    assert trees.link_stays_inside("a/b/c/d/e/f/g/h/l", "../../../../../../../..")
    assert not trees.link_stays_inside("e", "a/b/c/d/e/f/g/h/l/../../../../../../../../../etc/passwd")
    assert not trees.link_stays_inside("answer.py", "x/l/../s03/a.py")


def test_a_tree_past_the_limit_is_refused_before_anything_is_written(base):
    (base / "big.bin").write_bytes(b"")
    os.truncate(base / "big.bin", 3 << 30)  # sparse: no disk used, 3 GiB long
    stream = io.BytesIO()
    with pytest.raises(trees.TooBig, match="more than the 100 files or 1024 MiB"):
        trees.write_tree(str(base), stream, limit=(100, 1 << 30))
    assert stream.getvalue() == b""


def test_the_last_change_counts_ctime_and_only_the_files_counted(base):
    (base / "released.txt").write_text("R")
    (base / "mine.py").write_text("M")
    os.utime(base / "mine.py", (1_000_000_000, 1_000_000_000))  # mtime set back: ctime tells
    summary = trees.write_tree(str(base), io.BytesIO(),
                               counts=lambda name, sha: name == "mine.py")
    assert summary["last_change"] == int(os.stat(base / "mine.py").st_ctime)
    nothing = trees.write_tree(str(base), io.BytesIO(), counts=lambda name, sha: False)
    assert nothing["last_change"] is None


def test_a_git_folder_is_left_out_of_a_collection_and_named(base):
    (base / ".git").mkdir()
    (base / ".git" / "config").write_text("[core]\n\tfsmonitor = id\n")
    (base / "a.py").write_text("x")
    summary = trees.write_tree(str(base), io.BytesIO(), strict=False, keep=course._collect_keep)
    assert summary["files"] == 1 and summary["left_out"][0].startswith(".git (a git folder")


def test_printable_escapes_controls_bidi_and_bytes_that_are_no_utf8():
    assert course.printable("a\x1b[31mb") == "a?[31mb"
    assert course.printable("evil\u202egnp.py") == "evil?gnp.py"
    name = os.fsdecode(b"bad\xffname")
    assert course.printable(name) == "bad\\udcffname"
    course.printable(name).encode("utf-8")


def test_a_stopped_worker_fails_at_once_instead_of_holding_everyone():
    import signal
    import time
    start = time.monotonic()
    with pytest.raises(worker.Failed, match="was stopped by a process of nobody"):
        worker.run(NOBODY, lambda *_: os.kill(os.getpid(), signal.SIGSTOP))
    assert time.monotonic() - start < 10


def test_the_worker_starts_in_the_root_folder_with_no_standard_input():
    assert worker.run(NOBODY, lambda *_: [os.getcwd(), os.readlink("/proc/self/fd/0")]) == ["/", "/dev/null"]


def test_a_child_waited_for_can_still_be_watched():
    first = worker.start(NOBODY, lambda *_: 1)
    assert first.wait() == 1
    assert worker.start(NOBODY, lambda *_: 2).wait(watch=(first,)) == 2
