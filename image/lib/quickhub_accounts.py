"""Accounts of a quickhub hub: the seed list, name rules, and password checks through the system's
libcrypt (Python 3.13 has no crypt module; the hashes in /etc/shadow are the system's own)."""
import csv
import ctypes
import grp
import hmac
import os
import pwd
import re
import subprocess
import time

SEED = "/opt/quickhub/users/seed.csv"
# The portable subset of what useradd accepts; the launcher checks the same rule.
NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
TRUE = ("true", "yes", "1")
# Hub admin rights follow this Linux group, so 'quickhub users admin' and the hub agree.
ADMIN_GROUP = "jupyterhub-admins"

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


def login_defs(key, default):
    try:
        with open("/etc/login.defs") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and parts[0] == key:
                    return int(parts[1])
    except (OSError, ValueError):
        pass
    return default


def is_user_uid(uid):
    """True for the uids of people's accounts (UID_MIN..UID_MAX), not system ones such as nobody."""
    return login_defs("UID_MIN", 1000) <= uid <= login_defs("UID_MAX", 60000)


def ensure_group(name):
    try:
        grp.getgrnam(name)
    except KeyError:
        subprocess.run(["groupadd", name], check=True)


def free_uid():
    """The lowest user uid that no account has and no folder in /home is owned by: an account made
    while /etc was lost must not get a uid whose files are someone else's."""
    used = {u.pw_uid for u in pwd.getpwall()}
    try:
        used |= {os.stat(os.path.join("/home", d)).st_uid for d in os.listdir("/home")}
    except OSError:
        pass
    uid = login_defs("UID_MIN", 1000)
    while uid in used:
        uid += 1
    return uid


def create_account(name, full_name, groups):
    """A user with a 0700 home and ~/notebook owned by the user; no password yet."""
    cmd = ["useradd", "--create-home", "--shell", "/bin/bash", "--comment", full_name, "--uid", str(free_uid())]
    if groups:
        cmd += ["--groups", ",".join(groups)]
    subprocess.run(cmd + [name], check=True)
    user = pwd.getpwnam(name)
    os.chmod(user.pw_dir, 0o700)
    notebook = os.path.join(user.pw_dir, "notebook")
    os.makedirs(notebook, exist_ok=True)
    os.chown(notebook, user.pw_uid, user.pw_gid)


def add_restored(rows):
    """Adds accounts (name, uid, gid) for existing homes, locked until a password is set.

    One append per account file under the system's lock (lckpwdf), not one useradd per user, so
    a thousand homes take a moment. A gid without a group gets a group named after the user.
    """
    if not rows:
        return
    libc = ctypes.CDLL("libc.so.6")
    if libc.lckpwdf() != 0:
        raise SystemExit("The account files are locked by another program; try again in a moment.")
    try:
        known_gids = {g.gr_gid for g in grp.getgrall()}
        days = int(time.time() // 86400)
        new_groups = []
        for name, _, gid in rows:
            if gid not in known_gids:
                known_gids.add(gid)
                new_groups.append((name, gid))
        with open("/etc/group", "a") as f:
            f.writelines(f"{name}:x:{gid}:\n" for name, gid in new_groups)
        with open("/etc/gshadow", "a") as f:
            f.writelines(f"{name}:!::\n" for name, _ in new_groups)
        with open("/etc/passwd", "a") as f:
            f.writelines(f"{name}:x:{uid}:{gid}::/home/{name}:/bin/bash\n" for name, uid, gid in rows)
        with open("/etc/shadow", "a") as f:
            f.writelines(f"{name}:!:{days}:0:99999:7:::\n" for name, _, _ in rows)
    finally:
        libc.ulckpwdf()


def set_passwords(passwords):
    """Sets {name: password} with one chpasswd, on its stdin: hashing is the slow part, and the
    passwords never reach a command line, the environment or a log."""
    if passwords:
        lines = "".join(f"{name}:{password}\n" for name, password in passwords.items())
        subprocess.run(["chpasswd"], input=lines, text=True, check=True)


def admins():
    try:
        return set(grp.getgrnam(ADMIN_GROUP).gr_mem)
    except KeyError:
        return set()


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
