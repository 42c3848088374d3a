"""Accounts of a quickhub hub: the seed list, name rules, and password checks through the system's
libcrypt (Python 3.13 has no crypt module; the hashes in /etc/shadow are the system's own)."""
import csv
import ctypes
import functools
import grp
import hmac
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import time
from typing import NamedTuple, Optional

import quickhub_contract as contract

SEED = contract.install_path("seed")
# The portable subset of what useradd accepts, for user and group names; the launcher checks the
# same rule (both read it from the contract).
NAME_RULE = contract.NAME_RULE
# C0, DEL and C1: a '\r' or '\n' in a name or full name could start a new line of /etc/passwd.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TRUE = ("true", "yes", "1")
# Hub admin rights follow this Linux group, so 'quickhub users admin' and the hub agree.
ADMIN_GROUP = contract.ADMIN_GROUP
# The accounts ever given a default password (their own name): seed accounts and adopted ones. On
# the /etc volume beside the accounts, so a later seed list cannot hide them from the public-bind
# check, and short, so that check stays fast for a class.
DEFAULTS = "/etc/quickhub/default-passwords"
# The uids and gids of removed accounts, never given again: files a removed student left outside
# the home (a set-user-id copy of a shell in /tmp, say) must not become a new account's.
RETIRED_IDS = "/etc/quickhub/retired-ids"
# Groups whose members are root or nearly (shadow reads /etc/shadow, disk the raw disks, docker the
# engine, kmem memory, tty terminals, adm the logs, staff writes /usr/local on root's PATH): never
# given by a roster, the seed list or 'add'. The launcher's Groups.java keeps the same two lists.
PRIVILEGED_GROUPS = ("root", "shadow", "disk", "docker", "kmem", "tty", "adm", "staff")
# Groups for hub admins only: root through sudo, and hub admin rights themselves.
ADMIN_ONLY_GROUPS = ("sudo", ADMIN_GROUP)

_libcrypt = ctypes.CDLL("libcrypt.so.1")
_libcrypt.crypt.restype = ctypes.c_char_p
_libcrypt.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]


def is_valid_name(name):
    """The rule, and not a privileged or admin-only group's name: an account's own group has its
    name, and a primary group counts as membership (a user 'sudo' would be in sudo)."""
    return (contract.is_user_name(name)
            and name not in PRIVILEGED_GROUPS and name not in ADMIN_ONLY_GROUPS)


def group_problem(group, admin):
    """Why an account (a hub admin or not) can't be put in this group, or None."""
    if not contract.is_user_name(group):
        return f"{group!r} is not a valid group name: use {NAME_RULE}"
    if group in PRIVILEGED_GROUPS:
        return f"{group!r} is a privileged group ({', '.join(PRIVILEGED_GROUPS)})"
    if group in ADMIN_ONLY_GROUPS and not admin:
        return f"{group!r} is for hub admins only; make the account an admin"
    if group not in ADMIN_ONLY_GROUPS and is_system_group(group):
        return f"{group!r} is a system group (such as utmp or mail: its members may change system files)"
    return None


def is_system_group(group):
    """An existing group with a gid below GID_MIN (the system's groups, not people's)."""
    try:
        return grp.getgrnam(group).gr_gid < login_defs("GID_MIN", 1000)
    except KeyError:
        return False


def row_problem(username, full_name, groups, admin):
    """Why a row of the seed list or a roster can't be an account, or None."""
    for what, text in (("username", username), ("full_name", full_name)):
        if not isinstance(text, str):
            return f"{what} is not text"
        if CONTROL.search(text):
            return f"{what} {text!r} contains a control character"
    if not is_valid_name(username):
        return (f"{username!r} is not a valid user name; use {NAME_RULE}"
                " (and not 'root' or another privileged group's name)")
    if not isinstance(groups, (list, tuple)):
        return "groups is not a list"
    for group in groups:
        problem = group_problem(group, admin)
        if problem:
            return problem
    return None


def read_seed(path=SEED):
    """Rows of the seed list as dicts: username, full_name, groups (list), admin (bool).

    The launcher checked the list before building the image; it is checked again here, and any bad
    row refuses the whole list, so no account is made from a list edited afterwards."""
    rows, problems, seen = [], [], set()
    with open(path, newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            raw = {key: row.get(key) or "" for key in ("username", "full_name", "groups", "admin")}
            control = [key for key, value in raw.items() if CONTROL.search(value)]
            account = {
                "username": raw["username"].strip(),
                "full_name": raw["full_name"].strip(),
                "groups": list(dict.fromkeys(g for g in re.split(r"[;\s]+", raw["groups"]) if g)),
                "admin": raw["admin"].strip().lower() in TRUE,
            }
            if control:
                problem = f"{control[0]} {raw[control[0]]!r} contains a control character"
            elif account["username"] in seen:
                problem = f"{account['username']!r} is listed twice"
            else:
                problem = row_problem(**account)
            if problem:
                problems.append(f"{path} line {line}: {problem}.")
            seen.add(account["username"])
            rows.append(account)
    if problems:
        raise SystemExit("\n".join(problems + ["The seed list is refused; no seed account was made."]))
    return rows


@functools.lru_cache(maxsize=None)
def login_defs_text(key, default):
    try:
        with open("/etc/login.defs") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and parts[0] == key:
                    return parts[1]
    except OSError:
        pass
    return default


def login_defs(key, default):
    try:
        return int(login_defs_text(key, default))
    except ValueError:
        return default


def user_uids():
    """The range of people's uids (UID_MIN, UID_MAX), without system ones such as nobody."""
    return login_defs("UID_MIN", 1000), login_defs("UID_MAX", 60000)


def is_user_uid(uid):
    """True for the uids of people's accounts (UID_MIN..UID_MAX), not system ones such as nobody."""
    low, high = user_uids()
    return low <= uid <= high


def ensure_group(name):
    try:
        grp.getgrnam(name)
    except KeyError:
        subprocess.run(["groupadd", name], check=True)


class New(NamedTuple):
    """An account to add. Without uid, it gets a free one and a new 0700 home from /etc/skel."""
    name: str
    full_name: str = ""
    groups: tuple = ()
    uid: Optional[int] = None
    gid: Optional[int] = None


def home_owner(name):
    """(uid, gid) owning /home/NAME, or None when there is no such folder."""
    try:
        info = os.lstat(os.path.join("/home", name))
    except FileNotFoundError:
        return None
    return (info.st_uid, info.st_gid) if stat.S_ISDIR(info.st_mode) else (0, 0)


def new_account(name, full_name="", groups=()):
    """The account to add for NAME, or a sentence saying why it can't be added.

    A home that survived without its account (say /etc was lost) is given back with the uid and
    gid owning it, so the user owns their files again; a home owned by anyone else is refused.
    """
    if not is_valid_name(name):
        return "not a valid user name"
    try:
        pwd.getpwnam(name)
        return "exists already"
    except KeyError:
        pass
    try:
        same_name_gid = grp.getgrnam(name).gr_gid
    except KeyError:
        same_name_gid = None
    owner = home_owner(name)
    if owner is None:
        if same_name_gid is not None:
            return f"a group named {name} exists"
        return New(name, full_name, tuple(groups))
    uid, gid = owner
    try:
        taken = pwd.getpwuid(uid).pw_name
    except KeyError:
        taken = None
    if not is_user_uid(uid) or taken:
        return f"/home/{name} exists and belongs to {taken or 'uid ' + str(uid)}"
    if same_name_gid is not None and same_name_gid != gid:
        return f"a group named {name} exists with another gid than /home/{name}"
    problem = home_group_problem(name, gid, {g.gr_gid: g.gr_name for g in grp.getgrall()})
    if problem:
        return f"/home/{name}: {problem}"
    return New(name, full_name, tuple(groups), uid, gid)


def home_group_problem(name, gid, groups):
    """Why the gid owning /home/NAME can't be NAME's primary group, or None; groups is {gid: name}.

    A system gid (sudo, shadow, ...) or another group's gid would give the account that group's
    rights, since login, sudo and the hub count the primary group as a membership."""
    if not login_defs("GID_MIN", 1000) <= gid <= login_defs("GID_MAX", 60000):
        return f"its gid {gid} is a system group"
    if gid in groups and groups[gid] != name:
        return f"its gid {gid} is the group {groups[gid]}"
    return None


def read_rows(path):
    """The lines of an account file (passwd, group, shadow, gshadow) as lists of fields."""
    try:
        with open(path) as f:
            return [line.rstrip("\n").split(":") for line in f if line.strip()]
    except FileNotFoundError:
        return []


def write_rows(path, rows, template=None):
    """Replaces the file in one rename, with the owner and mode of template (else its own)."""
    tmp = path + ".quickhub-tmp"
    with open(tmp, "w") as f:
        f.writelines(":".join(row) + "\n" for row in rows)
    info = os.stat(template if template and os.path.exists(template) else path)
    os.chown(tmp, info.st_uid, info.st_gid)
    os.chmod(tmp, stat.S_IMODE(info.st_mode))
    os.replace(tmp, path)


def _next_free(used, start):
    while start in used:
        start += 1
    return start


def add_accounts(new):
    """Adds accounts, locked until a password is set; returns [(name, uid, gid)].

    Each account file is written once under the system's lock (lckpwdf), not once per user as with
    useradd, so a class of thousands takes seconds. New uids skip the owners of folders in /home,
    so an account never gets someone else's orphaned files. A gid without a group gets a group named
    after the user; supplementary groups must exist.
    """
    if not new:
        return []
    libc = ctypes.CDLL("libc.so.6")
    if libc.lckpwdf() != 0:
        raise SystemExit("The account files are locked by another program; try again in a moment.")
    try:
        passwd, shadow = read_rows("/etc/passwd"), read_rows("/etc/shadow")
        group, gshadow = read_rows("/etc/group"), read_rows("/etc/gshadow")
        retired = retired_ids()
        used_uids = {int(row[2]) for row in passwd} | retired
        used_uids |= {os.lstat(os.path.join("/home", d)).st_uid for d in os.listdir("/home")}
        used_gids = {int(row[2]) for row in group} | retired
        groups = {row[0]: row for row in group}
        gshadows = {row[0]: row for row in gshadow}
        days = str(int(time.time() // 86400))
        uid_min, gid_min = login_defs("UID_MIN", 1000), login_defs("GID_MIN", 1000)
        made = []
        for account in new:
            uid = account.uid if account.uid is not None else _next_free(used_uids, uid_min)
            gid = account.gid if account.gid is not None else (
                uid if uid not in used_gids else _next_free(used_gids, gid_min))
            used_uids.add(uid)
            if gid not in used_gids:
                used_gids.add(gid)
                groups[account.name] = [account.name, "x", str(gid), ""]
                group.append(groups[account.name])
                gshadows[account.name] = [account.name, "!", "", ""]
                gshadow.append(gshadows[account.name])
            comment = CONTROL.sub(" ", re.sub(r"[:,]", " ", account.full_name))
            passwd.append([account.name, "x", str(uid), str(gid), comment, f"/home/{account.name}", "/bin/bash"])
            shadow.append([account.name, "!", days, "0", "99999", "7", "", "", ""])
            for name in account.groups:
                for row in (groups[name], gshadows.setdefault(name, [name, "!", "", ""])):
                    members = [m for m in row[3].split(",") if m and m != account.name]
                    row[3] = ",".join(members + [account.name])
                if gshadows[name] not in gshadow:
                    gshadow.append(gshadows[name])
            made.append((account, uid, gid))
        for path, rows in (("/etc/group", group), ("/etc/gshadow", gshadow),
                           ("/etc/passwd", passwd), ("/etc/shadow", shadow)):
            write_rows(path, rows)
    finally:
        libc.ulckpwdf()
    for account, uid, gid in made:
        make_home(account.name, uid, gid, fresh=account.uid is None)
    return [(account.name, uid, gid) for account, uid, gid in made]


def as_user(uid, gid, work, timeout=60):
    """Runs WORK() in a forked child that has only the user's uid and gid: whatever it touches in a
    home, links included, it touches with the user's rights, never root's. True when it succeeded
    within TIMEOUT seconds (the user may stop a process of theirs: it is killed then)."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            work()
            code = 0
        except BaseException as e:
            os.write(2, f"quickhub: {e}\n".encode())
        finally:
            os._exit(code)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status) == 0
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return False
        time.sleep(0.01)


def make_home(name, uid, gid, fresh):
    """A fresh home is /etc/skel's copy; every home is 0700 with ~/notebook, owned by the user.
    What is already in a home is the user's: it is changed as the user (as_user), not as root."""
    home = os.path.join("/home", name)
    if fresh:
        shutil.copytree("/etc/skel", home, symlinks=True)
        for root, dirs, files in os.walk(home):
            for entry in [root] + [os.path.join(root, f) for f in dirs + files]:
                os.lchown(entry, uid, gid)

    def settle():
        os.chmod(home, 0o700)
        os.makedirs(os.path.join(home, "notebook"), exist_ok=True)

    return as_user(uid, gid, settle)


def set_passwords(passwords):
    """Sets {name: password} with one chpasswd, on its stdin: the passwords never reach a command
    line, the environment or a log. chpasswd hashes itself (-c, the method of login.defs, with its
    default cost) instead of through PAM, which rewrites /etc/shadow once per user: a class of
    10,000 then takes minutes, not a quarter of an hour."""
    if passwords:
        if any("\n" in p or "\0" in p for p in passwords.values()):
            raise SystemExit("A password contains a line break or a NUL; no password was set.")
        lines = "".join(f"{name}:{password}\n" for name, password in passwords.items())
        method = login_defs_text("ENCRYPT_METHOD", "YESCRYPT")
        subprocess.run(["chpasswd", "-c", method], input=lines, text=True, check=True)


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


def replace_file(path, text, mode):
    """Writes TEXT to PATH in one rename, through a new file made with O_EXCL and MODE (never a
    file or link found at the temporary name)."""
    tmp = f"{path}.{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with os.fdopen(fd, "w") as f:
        os.fchmod(f.fileno(), mode)  # whatever the umask took away
        f.write(text)
    os.replace(tmp, path)


def read_record(path):
    """The entries of one of quickhub's records in /etc/quickhub, or None when it has none yet."""
    try:
        with open(path) as f:
            return {line.strip() for line in f if line.strip()}
    except FileNotFoundError:
        return None


def add_to_record(path, entries):
    """Adds ENTRIES to a record (root only: mode 0600 in a 0700 folder)."""
    entries = (read_record(path) or set()) | {str(e) for e in entries}
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    replace_file(path, "".join(f"{e}\n" for e in sorted(entries)), 0o600)


def recorded_defaults(path=DEFAULTS):
    """The names given their default password, or None for a hub that has kept no record yet."""
    return read_record(path)


def record_defaults(names, path=DEFAULTS):
    add_to_record(path, names)


def retired_ids(path=RETIRED_IDS):
    return {int(number) for number in read_record(path) or () if number.isdigit()}


def retire_ids(uid, gid, path=RETIRED_IDS):
    add_to_record(path, [uid, gid])


def processes_of(uid):
    """Pids of the live processes (not zombies) with UID as a real, effective or saved uid."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue  # ended meanwhile
        zombie = fields.get("State", "").strip().startswith("Z")
        if not zombie and str(uid) in fields.get("Uid", "").split()[:3]:
            found.append(int(entry))
    return found


def kill_all(uid, gid):
    """Kills every process of UID, also one that keeps forking: a child with only that uid sends
    SIGKILL to all it may signal (kill -1), again until none is left. True when none is left."""
    for _ in range(100):
        if not processes_of(uid):
            return True
        as_user(uid, gid, lambda: os.kill(-1, signal.SIGKILL), timeout=5)
        time.sleep(0.02)
    return not processes_of(uid)


def default_password_users(names=None):
    """Of NAMES (default: every person's account), those whose password is still their name."""
    hashes = shadow_hashes()
    if names is None:
        names = [u.pw_name for u in pwd.getpwall() if is_user_uid(u.pw_uid)]
    return {name for name in names if password_matches(name, hashes.get(name))}


def password_matches(password, stored):
    """True when the stored hash is of this password; locked or empty hashes never match."""
    if not stored or stored[0] in "!*":
        return False
    computed = _libcrypt.crypt(password.encode(), stored.encode())
    return computed is not None and hmac.compare_digest(computed, stored.encode())
