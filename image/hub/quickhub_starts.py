"""The hub's queue of server starts, shared by both spawners: at most one start per CPU at a time,
each holding its turn until its server answers (at most TURN_LIMIT seconds).

A server's start is CPU-bound (in its own container it is a fresh Python importing JupyterLab and
the Jupyter server). When a whole class logs in at once, starting every server together shares the
CPUs among all of them, so every student waits as long as the last one; in a queue each one is
ready as soon as its own start is done, and the CPUs spend less time switching between them."""
import asyncio
import contextlib
import os
import time

# Time between two tries to reach a starting server: short, so a student's server is handed to them
# as soon as it listens (JupyterHub's own wait backs off to seconds).
PROBE_INTERVAL = 0.1
# Time between two asks whether a starting server has ended.
POLL_INTERVAL = 1.0
# Longest a start keeps its turn (an honest one takes a few seconds): a server that does not answer,
# say one its user's own Jupyter configuration makes hang, then waits on outside the queue, so no
# user holds the others' starts back for http_timeout.
TURN_LIMIT = 20.0


class Turn:
    """A start's turn in the queue, given back once (at the end of the start, or earlier)."""

    def __init__(self, turns):
        self._turns = turns
        self.held = True

    def give_back(self):
        if self.held:
            self.held = False
            self._turns.release()


class StartQueue:
    """At most SIZE starts at a time; the others wait their turn, in the order they came."""

    def __init__(self, size):
        self.size = size
        self._turns = asyncio.Semaphore(size)
        self._waiting = []  # the spawners waiting for their turn, first come first

    @contextlib.asynccontextmanager
    async def turn(self, spawner):
        self._waiting.append(spawner)
        try:
            await self._turns.acquire()
        finally:
            self._waiting.remove(spawner)
        turn = Turn(self._turns)
        try:
            yield turn
        finally:
            turn.give_back()

    def ahead_of(self, spawner):
        """How many starts wait before SPAWNER's, or None when it does not wait."""
        return self._waiting.index(spawner) if spawner in self._waiting else None

    async def progress(self, spawner):
        """Events for the spawn page while SPAWNER waits for its turn."""
        told = None
        while (ahead := self.ahead_of(spawner)) is not None:
            if ahead != told:
                before = "yours is next" if not ahead else f"{ahead} more wait before yours"
                yield {"progress": 5, "message": f"Waiting for a turn to start: the hub starts"
                       f" {self.size} server{'' if self.size == 1 else 's'} at a time; {before}."}
                told = ahead
            await asyncio.sleep(1)


_queue = None


def queue():
    """The hub's one queue, made in the hub's event loop on first use."""
    global _queue
    if _queue is None:
        _queue = StartQueue(max(2, os.cpu_count() or 2))
    return _queue


async def answers(ip, port, timeout=1.0):
    """True when something accepts a connection at IP:PORT."""
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(ip, port), timeout)
    except (OSError, asyncio.TimeoutError):
        return False
    writer.close()
    return True


async def start(spawner, launch, ended):
    """SPAWNER's start in its turn: LAUNCH() starts the server and gives its (ip, port), which is
    then waited for (wait_up; ENDED as there). Both spawners' start()."""
    async with queue().turn(spawner) as turn:
        ip, port = await launch()
        await wait_up(spawner, ip, port, ended, turn)
    return ip, port


async def wait_up(spawner, ip, port, ended, turn=None, turn_limit=TURN_LIMIT):
    """Until the server at IP:PORT answers. A server that ended fails the start at once, not after
    http_timeout: ENDED(code) is the error raised for the exit code spawner.poll() returns. The
    start's TURN is given back after TURN_LIMIT seconds of waiting."""
    if ip in (None, "", "0.0.0.0"):
        ip = "127.0.0.1"
    began = time.monotonic()
    deadline = began + spawner.http_timeout
    next_poll = began + POLL_INTERVAL
    while not await answers(ip, port):
        now = time.monotonic()
        if turn is not None and now - began >= turn_limit:
            turn.give_back()
        if now >= next_poll:
            code = await spawner.poll()
            if code is not None:
                raise ended(code)
            next_poll = now + POLL_INTERVAL
        if now > deadline:
            raise TimeoutError(f"{spawner.user.name}'s server did not answer within"
                               f" {spawner.http_timeout} s")
        await asyncio.sleep(PROBE_INTERVAL)
