"""Linux groups mirrored as hub groups of the same name, so that a student can share their server
with a course's TA group (JupyterHub 5's sharing).

A mirrored group is a group of people (a gid in GID_MIN..GID_MAX: not sudo or users) with people's
accounts (a uid in UID_MIN..UID_MAX) as members, listed in /etc/group or by their primary group;
an account's own private group is not one. A hub user's groups are exactly their mirrored groups:
at each login the authenticator gives them (Authenticator.manage_groups, image/hub/
quickhub_authenticator.py), and sync() makes all of the hub's groups match through its API, at hub
start (bin/quickhub-groups) and after accounts or groups change.
"""
import grp
import pwd
import urllib.error
import urllib.parse
from typing import NamedTuple

import quickhub_accounts as accounts
import quickhub_hubapi as hubapi


class Account(NamedTuple):
    name: str
    uid: int
    gid: int


class Group(NamedTuple):
    name: str
    gid: int
    members: tuple = ()


def mirrored(groups, people_accounts, uids=(1000, 60000), gids=(1000, 60000)):
    """{group name: sorted member names} of the mirrored groups among GROUPS, with the accounts
    PEOPLE_ACCOUNTS (all of /etc/passwd: only uids in UIDS count) and the gid range GIDS."""
    people = {a.name: a for a in people_accounts if uids[0] <= a.uid <= uids[1]}
    result = {}
    for group in groups:
        if not gids[0] <= group.gid <= gids[1]:
            continue
        owner = people.get(group.name)
        if owner is not None and owner.gid == group.gid:
            continue  # the account's private group
        members = {m for m in group.members if m in people}
        members |= {a.name for a in people.values() if a.gid == group.gid}
        if members:
            result[group.name] = sorted(members)
    return result


def groups_of(name, mirror):
    """The sorted names of the mirrored groups (MIRROR as from mirrored()) that NAME is in."""
    return sorted(group for group, members in mirror.items() if name in members)


def plan(mirror, hub_groups, hub_users):
    """The hub API calls that make the hub's groups HUB_GROUPS ({name: member names}) match MIRROR,
    as (method, path, JSON body, what it does). Group members must be hub users: the accounts in
    MIRROR that are not among HUB_USERS (they never logged in) are made hub users first. A hub group
    that mirrors nothing keeps its name (and the shares made to it) but loses its members, as a
    login would take them out. Repeating a call changes nothing more."""
    calls = []
    missing = sorted({name for members in mirror.values() for name in members} - set(hub_users))
    if missing:
        calls.append(("POST", "/users", {"usernames": missing}, f"new hub users {' '.join(missing)}"))
    for name in sorted(set(mirror) | set(hub_groups)):
        path = f"/groups/{urllib.parse.quote(name, safe='')}"
        wanted, present = set(mirror.get(name, ())), set(hub_groups.get(name, ()))
        if name not in hub_groups:
            calls.append(("POST", path, {}, f"new hub group {name}"))
        if wanted - present:
            added = sorted(wanted - present)
            calls.append(("POST", f"{path}/users", {"users": added}, f"{name} + {' '.join(added)}"))
        if present - wanted:
            removed = sorted(present - wanted)
            calls.append(("DELETE", f"{path}/users", {"users": removed}, f"{name} - {' '.join(removed)}"))
    return calls


def current():
    """The mirrored groups of this system, from its account files now."""
    return mirrored(
        [Group(g.gr_name, g.gr_gid, tuple(g.gr_mem)) for g in grp.getgrall()],
        [Account(p.pw_name, p.pw_uid, p.pw_gid) for p in pwd.getpwall()],
        accounts.user_uids(),
        (accounts.login_defs("GID_MIN", 1000), accounts.login_defs("GID_MAX", 60000)),
    )


def sync(token):
    """Makes the hub's groups match the system's mirrored groups through the hub's API, with the
    quickhub service's TOKEN (hubapi.read_token()); returns what it changed, one text per change.
    Raises urllib.error.HTTPError when the hub refuses a call, hubapi.NO_ANSWER when it is not up."""
    hub_groups = {g["name"]: g.get("users") or [] for g in hubapi.listing("/groups", token)}
    hub_users = [u["name"] for u in hubapi.listing("/users", token)]
    changes = []
    for method, path, body, change in plan(current(), hub_groups, hub_users):
        try:
            hubapi.call(method, path, token, body)
        except urllib.error.HTTPError as e:
            if e.code != 409:  # 409: a login made the users or the group meanwhile
                raise
        changes.append(change)
    return changes
