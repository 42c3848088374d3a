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
    """Whether link NAME (relative to the tree's top) pointing to TARGET stays inside the tree."""
    if not target or target.startswith("/") or "\0" in target:
        return False
    clean = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
    return clean != ".." and not clean.startswith("../")


def walk(top, keep=lambda name: True, rel=""):
    with os.scandir(os.path.join(top, rel) if rel else top) as entries:
        entries = sorted(entries, key=lambda e: e.name)
    for entry in entries:
        name = f"{rel}/{entry.name}" if rel else entry.name
        if not keep(name):
            continue
        yield name, entry
        if entry.is_dir(follow_symlinks=False):
            yield from walk(top, keep, name)


def write_tree(top, out, strict=True, keep=lambda name: True):
    """Writes the tree under folder TOP to binary file OUT as a tar stream, names relative to TOP,
    following no link. STRICT: a link leaving the tree or a special file refuses the tree (Refused,
    raised before anything is written); else such entries are left out and named. KEEP(name) says
    which names to take (a folder left out is not entered). Returns files, last change (mtime) and
    the names left out."""
    summary = {"files": 0, "last_change": None, "left_out": []}
    entries = list(walk(top, keep)) if os.path.isdir(top) else []
    if strict:
        for name, entry in entries:
            _kind(name, entry, strict=True)
    with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for name, entry in entries:
            kind = _kind(name, entry, strict)
            if isinstance(kind, str):
                summary["left_out"].append(f"{name} ({kind})")
                continue
            info = tarfile.TarInfo(name)
            info.mtime = int(kind.st_mtime)
            if stat.S_ISDIR(kind.st_mode):
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            elif stat.S_ISLNK(kind.st_mode):
                info.type, info.mode = tarfile.SYMTYPE, 0o777
                info.linkname = os.readlink(entry.path)
                tar.addfile(info)
            else:
                _add_file(tar, info, entry.path, summary, name)
    return summary


def _kind(name, entry, strict):
    """The entry's lstat, or (not STRICT) why it is left out."""
    info = entry.stat(follow_symlinks=False)
    why = None
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(entry.path)
        if not link_stays_inside(name, target):
            why = f"links outside the folder (to {target})"
    elif not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
        why = "is not a file, folder or link"
    if why and strict:
        raise Refused(name, why)
    return why or info


def _add_file(tar, info, path, summary, name):
    # O_NONBLOCK: a file swapped for a FIFO after the walk cannot make the copy hang.
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        summary["left_out"].append(f"{name} (is not a file, folder or link)")
        return
    with os.fdopen(fd, "rb") as f:
        info.size = st.st_size
        info.mode = 0o755 if st.st_mode & stat.S_IXUSR else 0o644
        info.mtime = int(st.st_mtime)
        tar.addfile(info, f)
    summary["files"] += 1
    if summary["last_change"] is None or info.mtime > summary["last_change"]:
        summary["last_change"] = info.mtime


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

