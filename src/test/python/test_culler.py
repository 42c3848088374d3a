"""The idle culler's decisions (image/hub/quickhub-culler), on the host's Python."""
import datetime
import importlib.machinery
import importlib.util
import pathlib

CULLER = pathlib.Path(__file__).resolve().parents[3] / "image" / "hub" / "quickhub-culler"
loader = importlib.machinery.SourceFileLoader("quickhub_culler", str(CULLER))
spec = importlib.util.spec_from_loader("quickhub_culler", loader)
culler = importlib.util.module_from_spec(spec)
loader.exec_module(culler)

NOW = datetime.datetime(2026, 6, 30, 12, 0, tzinfo=datetime.timezone.utc)


def user(name, **servers):
    return {"name": name, "servers": servers}


def test_a_server_idle_past_the_timeout_is_stopped():
    users = [user("ann", **{"": {"last_activity": "2026-06-30T11:00:00Z"}})]
    assert culler.idle_servers(users, NOW, 1800) == [("ann", "", 3600.0)]


def test_a_recently_active_server_is_kept():
    users = [user("bob", **{"": {"last_activity": "2026-06-30T11:59:00.123456Z"}})]
    assert culler.idle_servers(users, NOW, 1800) == []


def test_the_start_counts_when_there_was_no_activity_yet():
    users = [user("cy", **{"": {"last_activity": None, "started": "2026-06-30T10:00:00Z"}})]
    assert culler.idle_servers(users, NOW, 3600) == [("cy", "", 7200.0)]


def test_pending_and_unknown_servers_are_left_alone():
    users = [
        user("dee", **{"": {"last_activity": "2026-06-30T01:00:00Z", "pending": "stop"}}),
        user("eve", **{"": {}}),
        {"name": "fay", "servers": None},
    ]
    assert culler.idle_servers(users, NOW, 60) == []


def test_named_servers_are_judged_one_by_one():
    users = [user("gus", **{"": {"last_activity": "2026-06-30T11:59:30Z"},
                            "gpu": {"last_activity": "2026-06-30T09:00:00+00:00"}})]
    assert culler.idle_servers(users, NOW, 600) == [("gus", "gpu", 10800.0)]
