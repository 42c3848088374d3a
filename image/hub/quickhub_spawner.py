"""quickhub's spawner: local processes as in the original, started from a preloaded process and
queued one per CPU, so that a class logging in at the same minute gets its servers quickly."""
import asyncio
import json
import os
import resource
import socket
import subprocess
import sys

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from jupyterhub.utils import random_port, wait_for_server
from traitlets import Integer

PRELOADER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quickhub-preloader")
# Debian's JupyterLab asks yarn for its registry when imported, through a wrapper that fails loudly
# when yarn is missing (the slim image has none; installing extensions from npm needs a network
# anyway). 'true' answers with no settings: JupyterLab keeps its default, quietly.
QUIET_YARN = {"YARNCOMMAND": "true"}


class Preloader:
    """The hub's end of quickhub-preloader: started at once, so its imports run while the hub
    starts; asked for one server at a time."""

    def __init__(self):
        self._socket, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, PRELOADER, str(theirs.fileno())],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, start_new_session=True,
                env={**os.environ, **QUIET_YARN})
        self._streams = None
        self._lock = asyncio.Lock()

    async def fork(self, request):
        """The preloader's answer: {"pid": ...} or {"fallback": why}."""
        async with self._lock:
            if self._streams is None:
                self._streams = await asyncio.open_unix_connection(sock=self._socket)
            reader, writer = self._streams
            writer.write(json.dumps(request).encode() + b"\n")
            await writer.drain()
            line = await reader.readline()
        if not line:
            return {"fallback": f"the preloader ended (exit code {await self.close()})", "ended": True}
        answer = json.loads(line)
        if answer.get("stale"):
            await self.close()
        return answer

    async def close(self):
        """Ends the hub's side; the exit code of the preloader, once it is gone."""
        if self._streams:
            self._streams[1].close()
        else:
            self._socket.close()
        return await asyncio.to_thread(self.process.wait)


class QuickHubSpawner(LocalProcessSpawner):
    """Starts at most one server per CPU at a time; the others wait their turn.

    A server's start is CPU-bound. When a whole class logs in at once, starting every server
    together makes all of them slow (and on a small machine, late past any timeout); in a queue
    each one is ready as soon as its own start is done.
    """

    data_limit = Integer(0, config=True, help="Data-segment limit (bytes) of each server process.")

    slots = None
    preloader = None  # the Preloader the configuration starts, or None: every server is exec'd

    async def start(self):
        if QuickHubSpawner.slots is None:
            QuickHubSpawner.slots = asyncio.Semaphore(max(2, os.cpu_count() or 2))
        async with QuickHubSpawner.slots:
            ip, port = await self._start_preloaded() or await super().start()
            await wait_for_server(ip or "127.0.0.1", port, timeout=self.http_timeout)
        return ip, port

    async def _start_preloaded(self):
        """(ip, port) of a server forked from the preloader, or None when it must be exec'd: a
        changed command, or what the preloader says (the user's own copies of its packages)."""
        if QuickHubSpawner.preloader is None or self.cmd != ["jupyterhub-singleuser"] or self.shell_cmd:
            return None
        if self.port == 0:
            self.port = random_port()
        argv = [*self.cmd, *self.get_args()]
        answer = await QuickHubSpawner.preloader.fork(
            {"user": self.user.name, "env": self.get_env(), "argv": argv, "data_limit": self.data_limit})
        if "pid" not in answer:
            self.log.info("Starting %s's server without the preloader: %s", self.user.name, answer["fallback"])
            if answer.get("stale"):
                QuickHubSpawner.preloader = Preloader()
            elif answer.get("ended"):
                self.log.warning("quickhub-preloader ended; servers are started without it from now on")
                QuickHubSpawner.preloader = None
            return None
        self.proc = None  # poll() follows the pid; a Popen of an earlier exec'd start is over
        self.pid = answer["pid"]
        self.log.info("Forked %s's server (pid %d) from the preloader", self.user.name, self.pid)
        return self.ip or "127.0.0.1", self.port

    def make_preexec_fn(self, name):
        become_user = set_user_setuid(name)
        if not self.data_limit:
            return become_user

        def preexec():
            resource.setrlimit(resource.RLIMIT_DATA, (self.data_limit, self.data_limit))
            become_user()

        return preexec
