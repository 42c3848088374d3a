"""The image's home preparation (quickhub_home.py) and the account records of quickhub_accounts.py,
on the host's Python. Home preparation runs as a user: these tests fork and become 'nobody'."""
import importlib.util
import os
import pathlib
import stat

import pytest

LIB = pathlib.Path(__file__).resolve().parents[3] / "image" / "lib"


def load(name):
    spec = importlib.util.spec_from_file_location(name, LIB / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


home_module = load("quickhub_home")
accounts = load("quickhub_accounts")
NOBODY = 65534


def as_nobody(work):
    """Runs WORK() in a child with nobody's uid; its return value must be a short text."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.write(write, str(work()).encode())
            os._exit(0)
        except BaseException as e:
            os.write(write, f"error: {e!r}".encode())
            os._exit(1)
    os.close(write)
    with os.fdopen(read) as f:
        told = f.read()
    os.waitpid(pid, 0)
    return told


@pytest.fixture
def home(base):
    path = base / "home"
    path.mkdir()
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)
    return path


def test_root_never_prepares_a_home(home):
    if os.geteuid() != 0:
        pytest.skip("needs root to check that root is refused")
    with pytest.raises(PermissionError):
        home_module.prepare(str(home), [])


def test_the_user_gets_notebook_site_folder_and_share_links(home):
    if os.geteuid() != 0:
        pytest.skip("needs root to become another user")
    shares = [{"name": "shared", "path": "/srv/shared"}]
    assert as_nobody(lambda: home_module.prepare(str(home), shares)) == "[]"
    assert (home / "notebook").is_dir()
    assert pathlib.Path(home_module.user_site(str(home))).is_dir()
    assert os.readlink(home / "shared") == "/srv/shared"
    assert os.lstat(home / "notebook").st_uid == NOBODY


def test_a_planted_link_is_followed_only_with_the_users_rights(home, base):
    if os.geteuid() != 0:
        pytest.skip("needs root to become another user")
    target = base / "roots"
    target.mkdir(mode=0o755)  # root's, not writable by nobody
    os.symlink(target, home / ".local")
    os.lchown(home / ".local", NOBODY, NOBODY)
    os.symlink("/nowhere", home / "shared")
    told = as_nobody(lambda: home_module.prepare(str(home), [{"name": "shared", "path": "/srv/x"}]))
    assert "Permission denied" in told
    assert list(target.iterdir()) == []
    assert os.readlink(home / "shared") == "/nowhere", "the user's own file of that name is kept"


def test_records_are_private_and_cumulative(tmp_path):
    record = tmp_path / "quickhub" / "default-passwords"
    assert accounts.recorded_defaults(str(record)) is None
    accounts.record_defaults(["admin"], str(record))
    accounts.record_defaults(["user1"], str(record))
    assert accounts.recorded_defaults(str(record)) == {"admin", "user1"}
    assert stat.S_IMODE(os.stat(record).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(record.parent).st_mode) == 0o700


def test_retired_ids_are_recorded(tmp_path):
    record = str(tmp_path / "retired-ids")
    accounts.retire_ids(1003, 1004, record)
    accounts.retire_ids(1005, 1005, record)
    assert accounts.retired_ids(record) == {1003, 1004, 1005}
