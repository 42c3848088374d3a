"""quickhub's spawner: local processes as in the original, started from a preloaded process and
queued one per CPU (quickhub_starts), so that a class logging in at the same minute gets its
servers quickly."""
import asyncio
import itertools
import json
import os
import pwd
import resource
import secrets
import socket
import subprocess
import sys

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from jupyterhub.utils import random_port
from traitlets import Integer, List

import quickhub_starts as starts

sys.path.insert(0, "/opt/quickhub/lib")
import quickhub_home  # noqa: E402

PRELOADER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quickhub-preloader")
# Debian's JupyterLab asks yarn for its registry when imported, through a wrapper that fails loudly
# when yarn is missing (the slim image has none; installing extensions from npm needs a network
# anyway). 'true' answers with no settings: JupyterLab keeps its default, quietly.
QUIET_YARN = {"YARNCOMMAND": "true"}
# This run of the hub, kept in each server's state beside its pid.
HUB_RUN = secrets.token_hex(8)


class Preloader:
    """The hub's end of quickhub-preloader (its docstring has the protocol): started at once, so
    its imports run while the hub starts; asked for one server at a time. Servers it forked are
    signalled through it, as it alone reaps them."""

    def __init__(self):
        self._requests, their_requests = socket.socketpair()
        self._control, their_control = socket.socketpair()
        with their_requests, their_control:
            fds = [their_requests.fileno(), their_control.fileno()]
            self.process = subprocess.Popen(
                [sys.executable, PRELOADER, *map(str, fds)],
                pass_fds=fds, stdin=subprocess.DEVNULL, start_new_session=True,
                env={**os.environ, **QUIET_YARN})
        self._ids = itertools.count(1)
        self._answers = {}  # request id -> future of the preloader's answer
        self._exits = {}  # (pid, request id) -> exit code of a server that ended
        self._spawning = None  # the id of the one spawn under way
        self._channels = None
        self._spawn_lock = asyncio.Lock()
        self.retired = False
        self.ended = False

    async def _open(self):
        if self._channels is None:
            _, requests = await asyncio.open_unix_connection(sock=self._requests)
            answers, control = await asyncio.open_unix_connection(sock=self._control)
            self._channels = requests, control
            asyncio.ensure_future(self._read(answers))
        return self._channels

    async def _read(self, answers):
        while line := await answers.readline():
            message = json.loads(line)
            if "exited" in message:
                self._exits[message["exited"], message["server"]] = message["status"]
                continue
            # An answer without an id is the one spawn under way (the fork failed before reading).
            future = self._answers.pop(message.get("id") or self._spawning, None)
            if future and not future.done():
                future.set_result(message)
        self.ended = True
        for future in self._answers.values():
            if not future.done():
                future.set_result({"fallback": "the preloader ended", "ended": True})

    async def _ask(self, writer, message):
        if self.ended:
            return {"fallback": "the preloader ended", "ended": True}
        message["id"] = next(self._ids)
        if message.get("op") == "spawn":
            self._spawning = message["id"]
        future = asyncio.get_running_loop().create_future()
        self._answers[message["id"]] = future
        writer.write(json.dumps(message).encode() + b"\n")
        await writer.drain()
        return await future

    async def fork(self, request):
        """The preloader's answer: {"id": N, "pid": ...} or {"fallback": why}. A cancelled exchange
        (the spawn timed out or was stopped) retires this preloader: its late answer must not reach
        a later spawn."""
        async with self._spawn_lock:
            if self.retired or self.ended:
                return {"fallback": "the preloader was retired", "stale": True}
            requests, control = await self._open()
            try:
                answer = await self._ask(requests, dict(request, op="spawn"))
            except asyncio.CancelledError:
                self._abandon(control)
                raise
            except OSError as e:
                self.retire()
                return {"fallback": f"the preloader is gone ({e})", "ended": True}
            finally:
                self._spawning = None
        if answer.get("stale") or answer.get("ended"):
            self.retire()
        return answer

    def _abandon(self, control):
        if self._spawning is not None and not self.ended:
            control.write(json.dumps({"op": "abandon", "id": self._spawning}).encode() + b"\n")
        self.retire()

    def retire(self):
        """No more servers from this preloader; it ends once the servers it forked have ended."""
        if not self.retired:
            self.retired = True
            if self._channels:
                self._channels[0].close()
            else:
                self._requests.close()

    async def signal(self, pid, server, signum):
        """Sends SIGNUM (0: none) to the server of request SERVER, if it still runs as PID; False
        when it has ended. Servers die with their preloader, so an ended one has none left."""
        if (pid, server) in self._exits or self.ended:
            return False
        _, control = await self._open()
        try:
            answer = await self._ask(
                control, {"op": "signal", "pid": pid, "server": server, "signal": signum})
        except OSError:
            return False
        return bool(answer.get("alive"))

    def exit_code(self, pid, server):
        """The exit code of a server that ended (told once), else None."""
        return self._exits.pop((pid, server), None)


class QuickHubSpawner(LocalProcessSpawner):
    """Servers forked from the preloader (or exec'd), one start per CPU at a time."""

    data_limit = Integer(0, config=True, help="Data-segment limit (bytes) of each server process.")
    nproc_limit = Integer(0, config=True, help="Process limit of each user (RLIMIT_NPROC, per uid).")
    shares = List(config=True, help="Shared folders linked into every home: {name, path, ...}.")

    preloader = None  # the Preloader the configuration starts, or None: every server is exec'd
    forked_by = None  # the Preloader this spawner's running server was forked by
    forked_id = None  # and the id of its request there

    async def start(self):
        # A server that ended fails the start at once (say its ~/notebook is gone).
        return await starts.start(self, self._launch, lambda code: RuntimeError(
            f"{self.user.name}'s server ended with exit code {code}; see the hub's log"))

    async def _launch(self):
        return await self._start_preloaded() or await super().start()

    async def progress(self):
        async for event in starts.queue().progress(self):
            yield event

    async def _start_preloaded(self):
        """(ip, port) of a server forked from the preloader, or None when it must be exec'd: a
        changed command, or what the preloader says (the user's own copies of its packages)."""
        self.forked_by = None
        preloader = QuickHubSpawner.preloader
        if preloader is None or self.cmd != ["jupyterhub-singleuser"] or self.shell_cmd:
            return None
        if self.port == 0:
            self.port = random_port()
        argv = [*self.cmd, *self.get_args()]
        try:
            answer = await preloader.fork({
                "user": self.user.name, "env": self.get_env(), "argv": argv, "shares": self.shares,
                "data_limit": self.data_limit, "nproc_limit": self.nproc_limit})
        finally:
            # Also after a cancelled spawn: the next start gets a fresh preloader.
            if preloader.retired and QuickHubSpawner.preloader is preloader:
                if preloader.ended:
                    self.log.warning("quickhub-preloader ended; servers are started without it from now on")
                    QuickHubSpawner.preloader = None
                else:
                    QuickHubSpawner.preloader = Preloader()
        if "pid" not in answer:
            self.log.info("Starting %s's server without the preloader: %s", self.user.name, answer["fallback"])
            return None
        self.proc = None  # poll() follows the pid; a Popen of an earlier exec'd start is over
        self.pid = answer["pid"]
        self.forked_by, self.forked_id = preloader, answer["id"]
        self.log.info("Forked %s's server (pid %d) from the preloader", self.user.name, self.pid)
        return self.ip or "127.0.0.1", self.port

    async def _signal(self, sig):
        # A forked server is signalled by its preloader, which knows whether that pid is still its
        # server: the hub never signals a process that merely reuses a dead server's pid.
        if self.forked_by is not None:
            return await self.forked_by.signal(self.pid, self.forked_id, sig)
        return await super()._signal(sig)

    async def poll(self):
        code = self.forked_by.exit_code(self.pid, self.forked_id) if self.forked_by and self.pid else None
        if code is not None:
            self.clear_state()
            return code
        return await super().poll()

    def get_state(self):
        state = super().get_state()
        if self.pid:
            state["hub"] = HUB_RUN
        return state

    def load_state(self, state):
        # The hub is the container's main process: a server of an earlier hub run is gone with
        # that container, and its pid would now name some other process.
        if state.get("hub") != HUB_RUN:
            state = {k: v for k, v in state.items() if k != "pid"}
        super().load_state(state)

    def make_preexec_fn(self, name):
        become_user = set_user_setuid(name)
        home = pwd.getpwnam(name).pw_dir

        def preexec():
            if self.data_limit:
                resource.setrlimit(resource.RLIMIT_DATA, (self.data_limit, self.data_limit))
            if self.nproc_limit:
                resource.setrlimit(resource.RLIMIT_NPROC, (self.nproc_limit, self.nproc_limit))
            become_user()
            for problem in quickhub_home.prepare(home, self.shares):
                # os.write: a lock held by another thread of the hub stays held in this fork.
                os.write(2, f"quickhub: {name}'s home: {problem}\n".encode())

        return preexec
