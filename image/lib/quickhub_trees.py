"""Folder trees moved between users as tar streams, for the course tool (quickhub-course).

Each side runs in a process that has become one user (Worker): the writer reads its own tree, the
reader writes its own. The reader never follows a link inside what it writes: every folder of a
member's path is opened with O_NOFOLLOW, relative to the one above it, so a tree that holds a link
cannot make it write anywhere else, whatever the links point to. Links are copied as links; one
that points outside its tree (absolute, or climbing above the tree's top) is refused or left out.
"""
import hashlib
import os
import posixpath
import stat
import tarfile
from typing import NamedTuple

CHUNK = 1 << 20
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


class Refused(Exception):
    """A tree that may not be copied: NAME (relative to the tree's top) and WHY."""

    def __init__(self, name, why):
        super().__init__(f"{name} {why}")
        self.name, self.why = name, why


def relative_name(name):
    """NAME as a clean relative path, or None when it is absolute, empty or climbs out."""
    if not name or name.startswith("/") or "\0" in name:
        return None
    clean = posixpath.normpath(name)
    if clean in (".", "..") or clean.startswith("../"):
        return None
    return clean


def link_stays_inside(name, target):
    """Whether link NAME (relative to the tree's top) pointing to TARGET stays inside the tree,
    judged from the text alone. TARGET climbs ('..') only at its start: a '..' after a folder's
    name climbs out of wherever that folder leads, when it is itself a link (d -> ., l -> d/..)."""
    if not target or target.startswith("/") or "\0" in target:
        return False
    parts = [part for part in target.split("/") if part not in ("", ".")]
    ups = 0
    while ups < len(parts) and parts[ups] == "..":
        ups += 1
    return ".." not in parts[ups:] and ups <= name.count("/")


class Entry(NamedTuple):
    name: str  # relative to the walk's top
    stat: os.stat_result
    folder: int  # descriptor of the folder holding it, open while the walk is at it
    last: str  # its name in that folder
    why: str = None  # why it is left out (then stat is None)


class TooBig(Exception):
    """A tree past a walk's limit of files or bytes."""


def walk(top, keep=lambda name: True):
    """Every entry under folder TOP as an Entry, in name order. Each folder is opened relative to the
    one above it with O_NOFOLLOW, so a folder swapped for a link meanwhile is not entered. KEEP(name)
    says which to take: True, False (skipped), or why it is left out (yielded with stat None)."""
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield from _walk(fd, "", keep)
    finally:
        os.close(fd)


def _walk(fd, rel, keep):
    with os.scandir(fd) as entries:
        names = sorted(entry.name for entry in entries)
    for last in names:
        name = f"{rel}/{last}" if rel else last
        taken = keep(name)
        if taken is False:
            continue
        if taken is not True:
            yield Entry(name, None, fd, last, taken)
            continue
        try:
            info = os.stat(last, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            continue
        yield Entry(name, info, fd, last)
        if stat.S_ISDIR(info.st_mode):
            try:
                folder = os.open(last, DIR_FLAGS, dir_fd=fd)
            except OSError:
                continue  # no longer a folder
            try:
                yield from _walk(folder, name, keep)
            finally:
                os.close(folder)


def write_tree(top, out, strict=True, keep=lambda name: True, limit=None, counts=None):
    """Writes the tree under folder TOP to binary file OUT as a tar stream, names relative to TOP,
    following no link. STRICT: a link leaving the tree or a special file refuses the tree (Refused);
    else such entries are left out and named. KEEP as for walk(). LIMIT (files, bytes): a larger
    tree raises TooBig. Both are found before anything is written. COUNTS(name, sha256) says whether
    a file's times count for the last change (default: all). Returns files, last change (the
    latest mtime or ctime: a student can set mtime, not ctime) and the names left out."""
    summary = {"files": 0, "last_change": None, "left_out": []}
    if not os.path.isdir(top):
        with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT):
            return summary
    files = size = 0
    for entry in walk(top, keep):
        kind = _kind(entry, strict)
        if not isinstance(kind, str) and stat.S_ISREG(kind.st_mode):
            files, size = files + 1, size + kind.st_size
    if limit and (files > limit[0] or size > limit[1]):
        raise TooBig(f"the folder holds {files} files of {size / 2**20:.0f} MiB, more than the"
                     f" {limit[0]} files or {limit[1] // 2**20} MiB a copy takes")
    with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for entry in walk(top, keep):
            kind = _kind(entry, strict)
            if isinstance(kind, str):
                summary["left_out"].append(f"{entry.name} ({kind})")
                continue
            info = tarfile.TarInfo(entry.name)
            info.mtime = int(kind.st_mtime)
            if stat.S_ISDIR(kind.st_mode):
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            elif stat.S_ISLNK(kind.st_mode):
                info.type, info.mode = tarfile.SYMTYPE, 0o777
                info.linkname = os.readlink(entry.last, dir_fd=entry.folder)
                tar.addfile(info)
            else:
                _add_file(tar, info, entry, summary, counts)
    return summary


def _kind(entry, strict):
    """The entry's lstat, or (not STRICT) why it is left out."""
    why = entry.why
    if why is None and stat.S_ISLNK(entry.stat.st_mode):
        target = os.readlink(entry.last, dir_fd=entry.folder)
        if not link_stays_inside(entry.name, target):
            why = f"links outside the folder (to {target})"
    elif why is None and not (stat.S_ISDIR(entry.stat.st_mode) or stat.S_ISREG(entry.stat.st_mode)):
        why = "is not a file, folder or link"
    if why and strict:
        raise Refused(entry.name, why)
    return why or entry.stat


class _Hashing:
    """A file read through, its sha256 taken on the way."""

    def __init__(self, file):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _add_file(tar, info, entry, summary, counts):
    # O_NONBLOCK: a file swapped for a FIFO after the walk cannot make the copy hang.
    fd = os.open(entry.last, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=entry.folder)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        summary["left_out"].append(f"{entry.name} (is not a file, folder or link)")
        return
    with os.fdopen(fd, "rb") as f:
        info.size = st.st_size
        info.mode = 0o755 if st.st_mode & stat.S_IXUSR else 0o644
        info.mtime = int(st.st_mtime)
        data = _Hashing(f)
        tar.addfile(info, data)
    summary["files"] += 1
    changed = int(max(st.st_mtime, st.st_ctime))
    if counts is None or counts(entry.name, data.digest.hexdigest()):
        if summary["last_change"] is None or changed > summary["last_change"]:
            summary["last_change"] = changed


def members(source):
    """The members of the tar stream SOURCE (binary file), checked: clean relative names, only
    files, folders and links that stay inside; anything else ends the stream with Refused."""
    with tarfile.open(fileobj=source, mode="r|") as tar:
        for member in tar:
            name = relative_name(member.name)
            if name is None:
                raise Refused(repr(member.name), "is not a name inside the folder")
            if member.issym():
                if not link_stays_inside(name, member.linkname):
                    raise Refused(name, f"links outside the folder (to {member.linkname})")
            elif not (member.isreg() or member.isdir()):
                raise Refused(name, "is not a file, folder or link")
            yield name, member, (tar.extractfile(member) if member.isreg() else None)


class Folder:
    """A folder to write into, opened once; every path below it is walked without following links."""

    def __init__(self, path, create=True):
        if create:
            os.makedirs(path, exist_ok=True)
        self.fd = os.open(path, DIR_FLAGS)

    def close(self):
        os.close(self.fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def parent(self, name, create=True):
        """(fd of NAME's folder, NAME's last part); the caller closes the fd."""
        parts = name.split("/")
        fd = os.dup(self.fd)
        try:
            for part in parts[:-1]:
                try:
                    child = os.open(part, DIR_FLAGS, dir_fd=fd)
                except FileNotFoundError:
                    if not create:
                        raise
                    os.mkdir(part, 0o755, dir_fd=fd)
                    child = os.open(part, DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = child
        except BaseException:
            os.close(fd)
            raise
        return fd, parts[-1]

    def mkdir(self, name):
        fd, last = self.parent(name)
        try:
            os.mkdir(last, 0o755, dir_fd=fd)
        except FileExistsError:
            os.close(os.open(last, DIR_FLAGS, dir_fd=fd))  # a folder is fine, a link or file not
        finally:
            os.close(fd)

    def symlink(self, name, target):
        """True when NAME now is that link; False when something else is in its place."""
        fd, last = self.parent(name)
        try:
            try:
                os.symlink(target, last, dir_fd=fd)
                return True
            except FileExistsError:
                try:
                    return os.readlink(last, dir_fd=fd) == target
                except OSError:
                    return False
        finally:
            os.close(fd)

    def digest(self, name):
        """sha256 of regular file NAME; None when absent, 'other' when not a regular file."""
        try:
            fd, last = self.parent(name, create=False)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError:
            return "other"
        try:
            try:
                file = os.open(last, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
            except FileNotFoundError:
                return None
            except OSError:
                return "other"
            if not stat.S_ISREG(os.fstat(file).st_mode):
                os.close(file)
                return "other"
            with os.fdopen(file, "rb") as f:
                return _sha256(f)
        finally:
            os.close(fd)

    def write(self, name, data, mode, mtime=None, as_name=None):
        """Writes stream DATA as file AS_NAME (default NAME) in NAME's folder, in one rename over
        whatever is there; returns its sha256."""
        fd, last = self.parent(name)
        try:
            tmp = f".quickhub-{os.getpid()}.part"
            file = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600,
                           dir_fd=fd)
            try:
                digest = hashlib.sha256()
                with os.fdopen(file, "wb") as f:
                    while chunk := data.read(CHUNK):
                        digest.update(chunk)
                        f.write(chunk)
                    f.flush()
                    os.fchmod(f.fileno(), mode)
                    if mtime is not None:
                        os.utime(f.fileno(), (mtime, mtime))
                os.replace(tmp, as_name or last, src_dir_fd=fd, dst_dir_fd=fd)
            except BaseException:
                os.unlink(tmp, dir_fd=fd)
                raise
            return digest.hexdigest()
        finally:
            os.close(fd)

    def rename(self, name, to):
        """Renames NAME to TO, a name in the same folder, over whatever is there."""
        fd, last = self.parent(name, create=False)
        try:
            os.replace(last, posixpath.basename(to), src_dir_fd=fd, dst_dir_fd=fd)
        finally:
            os.close(fd)

    def discard(self, name):
        fd, last = self.parent(name, create=False)
        try:
            os.unlink(last, dir_fd=fd)
        finally:
            os.close(fd)


def digests(top):
    """sha256 of each regular file under folder TOP, by name relative to TOP; links not followed."""
    found = {}
    for entry in walk(top):
        if stat.S_ISREG(entry.stat.st_mode):
            fd = os.open(entry.last, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=entry.folder)
            with os.fdopen(fd, "rb") as f:
                found[entry.name] = _sha256(f)
    return found


def _sha256(f):
    digest = hashlib.sha256()
    while chunk := f.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def read_tree(source, folder):
    """Writes the checked tar stream SOURCE into FOLDER (a Folder) as it is: files, folders and
    links, mtimes kept. Returns the number of files."""
    files = 0
    for name, member, data in members(source):
        if member.isdir():
            folder.mkdir(name)
        elif member.issym():
            if not folder.symlink(name, member.linkname):
                raise Refused(name, "is in the way of a link of the same name")
        else:
            folder.write(name, data, 0o755 if member.mode & 0o100 else 0o644, member.mtime)
            files += 1
    return files

