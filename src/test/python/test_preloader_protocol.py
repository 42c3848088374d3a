"""The preloader's decisions and its side of the control protocol (image/hub/quickhub-preloader),
on the host's Python. JupyterHub is not installed here: its one import, set_user_setuid, is only
called in a forked child, so a stand-in module is enough to load the file."""
import importlib.machinery
import importlib.util
import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import types

import pytest

IMAGE = pathlib.Path(__file__).resolve().parents[3] / "image"
sys.path.insert(0, str(IMAGE / "lib"))
sys.modules.setdefault("jupyterhub", types.ModuleType("jupyterhub"))
sys.modules.setdefault(
    "jupyterhub.spawner", types.SimpleNamespace(set_user_setuid=lambda name: None))
loader = importlib.machinery.SourceFileLoader(
    "quickhub_preloader", str(IMAGE / "hub" / "quickhub-preloader"))
spec = importlib.util.spec_from_loader("quickhub_preloader", loader)
preloader = importlib.util.module_from_spec(spec)
loader.exec_module(preloader)

VERSION = f"python{sys.version_info[0]}.{sys.version_info[1]}"


def site_packages(home):
    path = home / ".local" / "lib" / VERSION / "site-packages"
    path.mkdir(parents=True)
    return path


def test_a_home_without_own_packages_gets_a_forked_server(tmp_path):
    assert preloader.shadowing(str(tmp_path), {"jupyter_server"}) == ([], None)


def test_own_copies_of_preloaded_packages_and_pth_files_are_found(tmp_path):
    packages = site_packages(tmp_path)
    for entry in ("jupyter_server", "jupyter_server-2.0.dist-info", "mine.pth", "requests"):
        (packages / entry).mkdir()
    replaced, unsure = preloader.shadowing(str(tmp_path), {"jupyter_server", "tornado"})
    assert unsure is None
    assert replaced == ["jupyter_server", "jupyter_server-2.0.dist-info", "mine.pth"]


def test_a_link_on_the_way_is_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    site_packages(elsewhere)
    home = tmp_path / "home"
    home.mkdir()
    (home / ".local").symlink_to(elsewhere / ".local")
    replaced, unsure = preloader.shadowing(str(home), {"jupyter_server"})
    assert replaced is None
    assert "not a plain folder" in unsure


def test_a_huge_site_packages_is_not_read_as_root(tmp_path, monkeypatch):
    packages = site_packages(tmp_path)
    for n in range(4):
        (packages / f"p{n}").mkdir()
    monkeypatch.setattr(preloader, "MAX_ENTRIES", 3)
    replaced, unsure = preloader.shadowing(str(tmp_path), set())
    assert replaced is None
    assert "more than 3 entries" in unsure


@pytest.fixture
def control():
    ours, hubs = socket.socketpair()
    hubs.settimeout(10)
    yield preloader.Servers(ours), hubs
    ours.close()
    hubs.close()


def told(hubs):
    return json.loads(hubs.makefile("rb").readline())


@pytest.fixture
def server():
    process = subprocess.Popen(["sleep", "60"])
    yield process
    process.kill()
    process.wait()


def test_a_signal_reaches_only_the_server_of_that_request(control, server):
    servers, hubs = control
    servers.running[server.pid] = 7
    servers.handle({"op": "signal", "id": 1, "pid": server.pid, "server": 8, "signal": signal.SIGTERM})
    assert told(hubs) == {"id": 1, "alive": False}
    assert server.poll() is None
    servers.handle({"op": "signal", "id": 2, "pid": server.pid, "server": 7, "signal": signal.SIGTERM})
    assert told(hubs) == {"id": 2, "alive": True}
    assert server.wait(10) == -signal.SIGTERM


def test_a_pid_that_is_not_a_server_is_never_signalled(control, server):
    servers, hubs = control
    servers.handle({"op": "signal", "id": 3, "pid": server.pid, "signal": signal.SIGKILL})
    assert told(hubs) == {"id": 3, "alive": False}
    assert server.poll() is None


def test_an_ended_server_is_reported_with_its_request(control):
    servers, hubs = control
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    servers.running[pid] = 5
    deadline = time.monotonic() + 10
    while pid in servers.running and time.monotonic() < deadline:
        servers.reap()
        time.sleep(0.01)
    assert told(hubs) == {"exited": pid, "server": 5, "status": 3}


def test_an_abandoned_spawn_loses_its_server(control, server):
    servers, hubs = control
    servers.running[server.pid] = 9
    servers.handle({"op": "abandon", "id": 9})
    assert server.wait(10) == -signal.SIGKILL
    assert 9 in servers.abandoned
