"""Accounts of a quickhub hub: the seed list, name rules, and password checks through the system's
libcrypt (Python 3.13 has no crypt module; the hashes in /etc/shadow are the system's own)."""
import csv
import ctypes
import hmac
import re

SEED = "/opt/quickhub/users/seed.csv"
# The portable subset of what useradd accepts; the launcher checks the same rule.
NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
TRUE = ("true", "yes", "1")

_libcrypt = ctypes.CDLL("libcrypt.so.1")
_libcrypt.crypt.restype = ctypes.c_char_p
_libcrypt.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]


def read_seed(path=SEED):
    """Rows of the seed list as dicts: username, full_name, groups (list), admin (bool)."""
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            yield {
                "username": (row.get("username") or "").strip(),
                "full_name": (row.get("full_name") or "").strip(),
                "groups": [g for g in re.split(r"[;\s]+", row.get("groups") or "") if g],
                "admin": (row.get("admin") or "").strip().lower() in TRUE,
            }


def seed_admins(path=SEED):
    return {row["username"] for row in read_seed(path) if row["admin"]}


def shadow_hashes(path="/etc/shadow"):
    hashes = {}
    with open(path) as f:
        for line in f:
            fields = line.rstrip("\n").split(":")
            if len(fields) > 1:
                hashes[fields[0]] = fields[1]
    return hashes


def password_matches(password, stored):
    """True when the stored hash is of this password; locked or empty hashes never match."""
    if not stored or stored[0] in "!*":
        return False
    computed = _libcrypt.crypt(password.encode(), stored.encode())
    return computed is not None and hmac.compare_digest(computed, stored.encode())
