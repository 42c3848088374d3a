"""What a user's home gets at every server start, made by the user's own process.

Everything in a home is the user's to change, links included: a student can swap ~/notebook or
~/.local for a link to /etc between a check and a chown. So none of this runs as root; it runs after
the server's process became the user (in the spawner's preexec and in the preloader's fork), where
following a link can reach only what the user could reach anyway.
"""
import os
import sys


def user_site(home):
    """pip's user site folder; Python puts it on sys.path only when it exists at start."""
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    return os.path.join(home, ".local", "lib", version, "site-packages")


def prepare(home, shares):
    """~/notebook (the original failed without it), pip's user site folder (so '%pip install' in a
    running kernel imports without a restart) and a link ~/NAME to each shared folder, unless the
    user has something of that name. Refuses to run as root. Returns what it could not make."""
    if os.geteuid() == 0:
        raise PermissionError("a home is prepared by its user, never by root")
    problems = []
    for folder in (os.path.join(home, "notebook"), user_site(home)):
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as e:
            problems.append(f"{folder}: {e.strerror}")
    for share in shares:
        link = os.path.join(home, share["name"])
        try:
            if not os.path.lexists(link):
                os.symlink(share["path"], link)
        except OSError as e:
            problems.append(f"{link}: {e.strerror}")
    return problems
