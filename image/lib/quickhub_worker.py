"""Work done as one user, in a forked child that has become that user.

Root forks, the child drops to the user's uid and gid (no supplementary groups), is made not
dumpable (no process of the user can attach to it or open its descriptors), closes every
descriptor it was not given and only then touches the user's files: whatever links it meets, it
reaches only what the user could reach anyway. It answers with one JSON value on a pipe of its own.
"""
import ctypes
import json
import os
import select
import signal
import time
from typing import NamedTuple

PR_SET_DUMPABLE = 4
TIMEOUT = 900
POLL = 0.1


class User(NamedTuple):
    name: str
    uid: int
    gid: int
    home: str


ROOT = User("root", 0, 0, "/root")


class Failed(Exception):
    """The child's work failed (its exception's text) or it did not answer in time."""


class Child:
    def __init__(self, pid, answer_fd, name):
        self.pid, self._answer, self.name = pid, answer_fd, name
        self.status = None  # "stopped" or "ended" once waitpid told

    def stopped(self):
        """Whether the child was stopped (a user may SIGSTOP a process of their uid): it is then
        killed, never waited for."""
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG | os.WUNTRACED)
            if pid and os.WIFSTOPPED(status):
                self.kill()
                self.status = "stopped"
            elif pid:
                self.status = "ended"
        return self.status == "stopped"

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def wait(self, timeout=TIMEOUT, watch=()):
        """The child's answer; Failed when it failed, died, was stopped or ran past TIMEOUT seconds,
        or when one of the children in WATCH (its partners through a pipe) was stopped."""
        deadline = time.monotonic() + timeout
        chunks = []
        try:
            while True:
                for child in (self, *watch):
                    if child.stopped():
                        self.kill()
                        raise Failed(f"the work as {child.name} was stopped by a process of {child.name}")
                left = deadline - time.monotonic()
                if left <= 0:
                    self.kill()
                    raise Failed(f"the work as {self.name} took longer than {timeout} s")
                if not select.select([self._answer], [], [], min(left, POLL))[0]:
                    continue
                chunk = os.read(self._answer, 65536)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(self._answer)
            if self.status != "ended":
                os.waitpid(self.pid, 0)
                self.status = "ended"
        try:
            answer = json.loads(b"".join(chunks))
        except ValueError:
            raise Failed(f"the work as {self.name} stopped without an answer") from None
        if "error" in answer:
            raise Failed(answer["error"])
        return answer["result"]


class Stream:
    """Pipe end FD, which CHILD writes into, read as a binary file: a read fails (Failed) once the
    child was stopped or ran past TIMEOUT seconds, instead of waiting for it for ever."""

    def __init__(self, child, fd, timeout=TIMEOUT):
        self.child, self.fd, self.deadline = child, fd, time.monotonic() + timeout

    def read(self, size=-1):
        if size is None or size < 0:
            chunks = []
            while chunk := self.read(65536):
                chunks.append(chunk)
            return b"".join(chunks)
        while True:
            if self.child.stopped():
                raise Failed(f"the work as {self.child.name} was stopped by a process of"
                             f" {self.child.name}")
            left = self.deadline - time.monotonic()
            if left <= 0:
                self.child.kill()
                raise Failed(f"the work as {self.child.name} took too long")
            if select.select([self.fd], [], [], min(left, POLL))[0]:
                return os.read(self.fd, size)

    def close(self):
        os.close(self.fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def start(user, work, source=None, sink=None):
    """Starts WORK(source, sink) as USER in a child: SOURCE and SINK are pipe ends (fds, or None)
    that the child gets as binary files; the parent's copies are closed here. WORK returns a JSON
    value or raises; an exception's text is the answer's error."""
    read_answer, write_answer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read_answer)
            _close_all_but({write_answer, source, sink})
            # Nothing of the parent's: no working folder (a link to /proc/self/cwd would lead there)
            # and no standard input or output.
            os.chdir("/")
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(null, 1)
            os.close(null)
            if user.uid != os.geteuid():
                os.setgroups([])
                os.setgid(user.gid)
                os.setuid(user.uid)
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
            os.umask(0o022)
            inp = os.fdopen(source, "rb") if source is not None else None
            out = os.fdopen(sink, "wb") if sink is not None else None
            try:
                answer = {"result": work(inp, out)}
            finally:
                for f in (inp, out):
                    if f is not None:
                        try:
                            f.close()
                        except OSError:
                            pass
            code = 0
        except BaseException as e:
            answer = {"error": str(e) or type(e).__name__}
        try:
            os.write(write_answer, json.dumps(answer).encode())
        finally:
            os._exit(code)
    os.close(write_answer)
    for fd in (source, sink):
        if fd is not None:
            os.close(fd)
    return Child(pid, read_answer, user.name)


def run(user, work, timeout=TIMEOUT):
    """WORK(None, None) as USER; its answer."""
    return start(user, work).wait(timeout)


def _close_all_but(keep):
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass
