"""The authenticator that Zero to JupyterHub runs from the exported config (image/k8s)."""
import asyncio
import ctypes
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "image" / "k8s"))
import quickhub_z2jh_auth as auth  # noqa: E402


def yescrypt(password):
    libcrypt = ctypes.CDLL("libcrypt.so.1")
    libcrypt.crypt_gensalt.restype = ctypes.c_char_p
    libcrypt.crypt_gensalt.argtypes = [ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_int]
    return auth.crypt(password, libcrypt.crypt_gensalt(b"$y$", 0, None, 0).decode())


@pytest.fixture
def passwords(tmp_path):
    file = tmp_path / "passwords"
    file.write_text(f"alice:{yescrypt('correct horse')}\nbob:!{yescrypt('bob')}\ncarol:\n")
    return file


def login(passwords, name, password):
    authenticator = auth.QuickHubPasswords()
    authenticator.passwords_file = str(passwords)
    return asyncio.run(authenticator.authenticate(None, {"username": name, "password": password}))


def test_the_current_password_logs_in(passwords):
    assert login(passwords, "alice", "correct horse") == "alice"


@pytest.mark.parametrize("name, password", [
    ("alice", "wrong"), ("alice", ""), ("alice", "correct horse "),
    ("alice", "correct horse\0anything"),  # libcrypt would stop at the NUL
    ("bob", "bob"),  # locked account
    ("carol", ""),  # no password
    ("mallory", "correct horse"),  # unknown
])
def test_others_are_refused(passwords, name, password):
    assert login(passwords, name, password) is None


def test_hashes_read_as_shadow_lines(passwords):
    hashes = auth.read_hashes(str(passwords))
    assert set(hashes) == {"alice", "bob", "carol"}
    assert hashes["alice"].startswith("$y$") and hashes["carol"] == ""


def test_a_malformed_setting_is_no_hash():
    assert auth.crypt("x", "$y$nonsense") is None
    assert not auth.verify("x", "$y$nonsense")
