"""The hub's queue of server starts (image/hub/quickhub_starts.py): turns, their order, what the
spawn page is told while waiting, and the wait for a server to answer."""
import asyncio
import pathlib
import socket
import sys
import time
import types

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "image" / "hub"))
import quickhub_starts as starts  # noqa: E402


def spawner(name="student01", http_timeout=10, codes=()):
    """What wait_up reads of a spawner: its user's name, http_timeout and poll()."""
    codes = list(codes)

    async def poll():
        return codes.pop(0) if codes else None

    return types.SimpleNamespace(user=types.SimpleNamespace(name=name), http_timeout=http_timeout,
                                 poll=poll)


def closed_port():
    """A loopback port nothing listens on (bound, then closed)."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return closed.getsockname()[1]


def test_at_most_size_starts_at_a_time_in_the_order_they_came():
    async def main():
        queue = starts.StartQueue(2)
        running, most, began = 0, 0, []

        async def start(i):
            nonlocal running, most
            async with queue.turn(object()):
                began.append(i)
                running += 1
                most = max(most, running)
                await asyncio.sleep(0.02)
                running -= 1

        tasks = []
        for i in range(6):
            tasks.append(asyncio.create_task(start(i)))
            await asyncio.sleep(0)  # each comes after the one before
        await asyncio.gather(*tasks)
        return most, began

    most, began = asyncio.run(main())
    assert most == 2
    assert began == [0, 1, 2, 3, 4, 5]


def test_a_failed_start_gives_its_turn_to_the_next():
    async def main():
        queue = starts.StartQueue(1)
        with pytest.raises(RuntimeError):
            async with queue.turn(object()):
                raise RuntimeError("the engine refused")
        async with queue.turn(object()):
            return "next"

    assert asyncio.run(asyncio.wait_for(main(), 2)) == "next"


def test_the_spawn_page_is_told_how_many_wait_before_and_then_nothing():
    async def main():
        queue = starts.StartQueue(1)
        first, second, third = object(), object(), object()
        release = asyncio.Event()

        async def hold(owner):
            async with queue.turn(owner):
                await release.wait()

        holders = [asyncio.create_task(hold(first))]
        await asyncio.sleep(0)
        holders.append(asyncio.create_task(hold(second)))
        await asyncio.sleep(0)
        holders.append(asyncio.create_task(hold(third)))
        await asyncio.sleep(0)
        assert (queue.ahead_of(first), queue.ahead_of(second), queue.ahead_of(third)) == (None, 0, 1)

        messages = []

        async def follow():
            async for event in queue.progress(third):
                messages.append(event["message"])

        follower = asyncio.create_task(follow())
        await asyncio.sleep(0.1)
        release.set()  # all three run in turn; the follower ends once the third has its turn
        await asyncio.wait_for(asyncio.gather(follower, *holders), 5)
        return messages

    messages = asyncio.run(main())
    assert messages[0] == ("Waiting for a turn to start: the hub starts 1 server at a time;"
                           " 1 more wait before yours.")
    assert all("Waiting for a turn" in m for m in messages)
    assert len(messages) <= 2


def test_progress_of_a_start_that_does_not_wait_says_nothing():
    async def main():
        return [event async for event in starts.StartQueue(2).progress(object())]

    assert asyncio.run(main()) == []


def test_wait_up_returns_once_the_server_listens():
    async def main():
        port = closed_port()
        server = None

        async def listen_later():
            nonlocal server
            await asyncio.sleep(0.3)
            server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", port)

        later = asyncio.create_task(listen_later())
        began = time.monotonic()
        await starts.wait_up(spawner(), "127.0.0.1", port, RuntimeError)
        waited = time.monotonic() - began
        await later
        server.close()
        return waited

    waited = asyncio.run(main())
    assert 0.3 <= waited < 2


def test_wait_up_fails_at_once_when_the_server_ended():
    def ended(code):
        return RuntimeError(f"ended with exit code {code}")

    async def main():
        port = closed_port()
        began = time.monotonic()
        with pytest.raises(RuntimeError, match="exit code 3"):
            await starts.wait_up(spawner(codes=[None, 3]), "127.0.0.1", port, ended)
        return time.monotonic() - began

    assert asyncio.run(main()) < 5  # the second poll, not http_timeout


def test_wait_up_gives_up_after_http_timeout():
    async def main():
        port = closed_port()
        with pytest.raises(TimeoutError, match="student01's server did not answer within 1 s"):
            await starts.wait_up(spawner(http_timeout=1), "127.0.0.1", port, RuntimeError)

    asyncio.run(asyncio.wait_for(main(), 5))


def test_a_server_that_does_not_answer_gives_its_turn_back_after_the_limit():
    """Its user's own configuration may make it hang: the next start must not wait http_timeout."""
    async def main():
        queue = starts.StartQueue(1)
        port = closed_port()
        hanging, honest = object(), object()

        async def hang():
            async with queue.turn(hanging) as turn:
                await starts.wait_up(spawner(http_timeout=3), "127.0.0.1", port, RuntimeError,
                                     turn, turn_limit=0.3)

        waiting = asyncio.create_task(hang())
        await asyncio.sleep(0.05)
        began = time.monotonic()
        async with queue.turn(honest):
            got_turn = time.monotonic() - began
        with pytest.raises(TimeoutError):
            await waiting  # it waited on, outside the queue, until http_timeout
        return got_turn

    assert 0.2 < asyncio.run(asyncio.wait_for(main(), 10)) < 1.5


def test_a_cancelled_start_gives_its_turn_to_the_next():
    """JupyterHub cancels a start after start_timeout, or when the user stops a pending server."""
    async def main():
        queue = starts.StartQueue(1)
        entered = asyncio.Event()

        async def stuck():
            async with queue.turn(object()):
                entered.set()
                await asyncio.sleep(3600)

        holder = asyncio.create_task(stuck())
        await entered.wait()
        waiter = object()

        async def next_start():
            async with queue.turn(waiter):
                return "started"

        following = asyncio.create_task(next_start())
        await asyncio.sleep(0.05)
        assert queue.ahead_of(waiter) == 0
        holder.cancel()
        return await asyncio.wait_for(following, 2), queue.ahead_of(waiter)

    assert asyncio.run(main()) == ("started", None)
