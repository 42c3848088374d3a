"""Each user's server in its own container: the container the hub asks the gate for, the gate's
client (the engine's HTTP API over the gate's Unix socket) and the server's token file. Pure but
for the socket and the token file: imports without JupyterHub.

The user container is the contract in docs/servers.md (and the gate checks it field by field):
the hub's image, the user's uid:gid and groups, the wrapper quickhub-singleuser with the token in
a 0600 file, never in the environment.
"""
import http.client
import json
import os
import socket
import stat
import time
from typing import NamedTuple
from urllib.parse import quote, urlencode

GATE_SOCKET = "/run/quickhub/gate.sock"
WRAPPER = "/opt/quickhub/bin/quickhub-singleuser"
PORT = 8888
HUB_LABEL = "quickhub.hub"
USER_LABEL = "quickhub.user"
ADMIN_GROUP = "jupyterhub-admins"
SECRETS = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN")
# Root-owned 0711 on the srv volume: each user's folder (0700, theirs) holds their server's token.
TOKENS = "/srv/quickhub/servers"


def container_name(hub, user):
    return f"{hub}-user-{user}"


class Account:
    """What the container needs of a user's account: name, uid, gid, supplementary gids, admin."""

    def __init__(self, name, uid, gid, groups, admin):
        self.name, self.uid, self.gid, self.groups, self.admin = name, uid, gid, sorted(groups), admin

    @staticmethod
    def of(name, pwd_module, grp_module):
        entry = pwd_module.getpwnam(name)
        member_of = [g for g in grp_module.getgrall() if name in g.gr_mem]
        return Account(name, entry.pw_uid, entry.pw_gid, {g.gr_gid for g in member_of},
                       any(g.gr_name == ADMIN_GROUP for g in member_of))


def mounts(config, admin):
    """The hub's volumes as the user sees them: homes rw, accounts ro, srv ro unless admin (sudo pip
    install lands in its /usr/local), shares as in the hub container."""
    volumes = config.volumes
    result = [
        {"Type": "volume", "Source": volumes["home"], "Target": "/home", "ReadOnly": False},
        {"Type": "volume", "Source": volumes["etc"], "Target": "/etc", "ReadOnly": True},
        {"Type": "volume", "Source": volumes["srv"], "Target": "/srv/quickhub", "ReadOnly": not admin},
    ]
    for share in config.shares:
        if share["access"] == "host":
            result.append({"Type": "bind", "Source": share["source"], "Target": share["path"],
                           "ReadOnly": share["read_only"]})
        else:
            result.append({"Type": "volume", "Source": volumes[share["name"]],
                           "Target": share["path"], "ReadOnly": False})
    return result


def create_body(config, account, env, args=()):
    """The engine's create request for ACCOUNT's server: exactly what the gate accepts."""
    home = f"/home/{account.name}"
    env = {k: v for k, v in env.items() if k not in SECRETS}
    env.update(HOME=home, USER=account.name, QUICKHUB_TOKEN_FILE=token_path(account.name))
    host = {
        "Mounts": mounts(config, account.admin),
        "NetworkMode": config.network,
        "GroupAdd": [str(gid) for gid in account.groups],
        "RestartPolicy": {"Name": "no"},
        # Admins keep sudo (their 'sudo pip install' lands in srv's /usr/local); others cannot gain.
        "SecurityOpt": [] if account.admin else ["no-new-privileges"],
    }
    if config.user_memory:
        host.update(Memory=config.user_memory, MemorySwap=config.user_memory)
    if config.user_cpus:
        host["NanoCpus"] = round(config.user_cpus * 1e9)
    if config.user_pids:
        host["PidsLimit"] = config.user_pids
    if config.gpus is not None:
        host["DeviceRequests"] = [gpu_request(config.gpus)]
    return {
        "Image": config.image,
        "User": f"{account.uid}:{account.gid}",
        "Entrypoint": [""],  # not the hub's entrypoint: the wrapper alone, as the user
        "Cmd": [WRAPPER, *args],
        "Env": [f"{k}={v}" for k, v in sorted(env.items())],
        "WorkingDir": f"{home}/notebook",
        "Hostname": account.name,
        "Labels": {HUB_LABEL: config.hub, USER_LABEL: account.name},
        "HostConfig": host,
    }


def gpu_request(gpus):
    """The engine's request for GPUS ("all" or a count), as `docker run --gpus` sends it."""
    return {"Driver": "", "Count": -1 if gpus == "all" else int(gpus), "DeviceIDs": None,
            "Capabilities": [["gpu"]], "Options": {}}


def no_gpu_runtime(message):
    """True when the engine refused a start for want of a GPU runtime (NVIDIA's, say)."""
    return "could not select device driver" in message or "nvidia-container-cli" in message


def token_path(name):
    return f"{TOKENS}/{name}/token"


def write_token(name, uid, gid, token, root=TOKENS):
    """Writes TOKEN to ROOT/NAME/token, the user's 0600 file in their 0700 folder. Run as root: no
    link is followed (each step opened from its parent's descriptor with O_NOFOLLOW), the file is
    made new (O_EXCL) and renamed into place, so a planted link or file is replaced, never written
    through."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    os.makedirs(root, mode=0o711, exist_ok=True)
    top = os.open(root, flags)
    try:
        info = os.fstat(top)
        if info.st_uid != 0 or stat.S_IMODE(info.st_mode) != 0o711:
            os.fchown(top, 0, 0)
            os.fchmod(top, 0o711)
        try:
            os.mkdir(name, 0o700, dir_fd=top)
        except FileExistsError:
            pass
        folder = os.open(name, flags, dir_fd=top)
    finally:
        os.close(top)
    try:
        os.fchown(folder, uid, gid)
        os.fchmod(folder, 0o700)
        temporary = f".token-{os.getpid()}-{os.urandom(4).hex()}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600, dir_fd=folder)
        try:
            os.fchown(fd, uid, gid)
            os.write(fd, token.encode())
        finally:
            os.close(fd)
        os.rename(temporary, "token", src_dir_fd=folder, dst_dir_fd=folder)
    finally:
        os.close(folder)


def remove_token(name, root=TOKENS, not_after=None):
    """Removes ROOT/NAME/token once the server stopped (a backup then holds no token); no link is
    followed: the user's folder is opened from its parent with O_NOFOLLOW. With NOT_AFTER (epoch
    seconds: when the removed container was made) a token written in a later second stays: it is
    a newer server's."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        top = os.open(root, flags)
    except FileNotFoundError:
        return
    try:
        folder = os.open(name, flags, dir_fd=top)
    except OSError:  # none, or no folder: nothing of the hub's to remove
        return
    finally:
        os.close(top)
    try:
        if not_after is None or int(os.stat("token", dir_fd=folder,
                                             follow_symlinks=False).st_mtime) <= not_after:
            os.unlink("token", dir_fd=folder)
    except FileNotFoundError:
        pass
    finally:
        os.close(folder)


class GateError(Exception):
    """The gate or the engine refused a call: its status and message."""

    def __init__(self, status, message):
        super().__init__(f"{message} (HTTP {status})")
        self.status = status


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._path)


class Gate:
    """The engine's API through the gate's socket, one blocking call at a time (the spawner runs
    each in a thread). Answers the parsed JSON (None when empty); raises GateError."""

    def __init__(self, path=GATE_SOCKET, timeout=60):
        self.path, self.timeout = path, timeout

    def call(self, method, path, body=None, query=None, missing_ok=False):
        connection = _UnixConnection(self.path, self.timeout)
        try:
            data = None if body is None else json.dumps(body).encode()
            headers = {"Content-Type": "application/json"} if data is not None else {}
            connection.request(method, path + (f"?{urlencode(query)}" if query else ""), data, headers)
            response = connection.getresponse()
            text = response.read()
        finally:
            connection.close()
        if response.status == 404 and missing_ok:
            return None
        if response.status >= 400:
            try:
                message = json.loads(text)["message"]
            except (ValueError, KeyError, TypeError):
                message = text.decode(errors="replace")[:200]
            raise GateError(response.status, message)
        return json.loads(text) if text.strip() else None

    def create(self, name, body):
        return self.call("POST", "/containers/create", body, {"name": name})["Id"]

    def start(self, name):
        self.call("POST", f"/containers/{quote(name)}/start")

    def inspect(self, name):
        """The container's inspect document, or None when there is none."""
        return self.call("GET", f"/containers/{quote(name)}/json", missing_ok=True)

    def stop(self, name, timeout=10):
        self.call("POST", f"/containers/{quote(name)}/stop", query={"t": timeout}, missing_ok=True)

    def remove(self, name):
        """Removes the container NAME (a name or an id); False when there was none."""
        try:
            self.call("DELETE", f"/containers/{quote(name)}", query={"force": "true"})
        except GateError as e:
            if e.status == 404:
                return False
            raise
        return True

    def remove_gone(self, name, wait=30):
        """Removes the container NAME and returns once it is gone. A removal already under way
        (the engine answers 409: a stop's clean-up, say) is waited for, at most WAIT seconds."""
        try:
            self.remove(name)
            return
        except GateError as e:
            if e.status != 409 or "already in progress" not in str(e):
                raise
        deadline = time.monotonic() + wait
        while self.inspect(name) is not None:
            if time.monotonic() > deadline:
                raise GateError(409, f"{name} was still being removed after {wait} s")
            time.sleep(0.5)

    def containers(self):
        """Every container of this hub, running or not (the gate lists no other hub's)."""
        return self.call("GET", "/containers/json", query={"all": "true"}) or []


class Stray(NamedTuple):
    id: str        # removed by id: a new container of the same name may be made meanwhile
    name: str
    user: str
    created: int   # epoch seconds


def strays(listed, served, before):
    """Each user container in LISTED (the engine's list) that the hub does not serve: made before
    BEFORE (epoch seconds: the hub's start, so none it starts now) for a user not in SERVED (the
    users whose server the hub has, running or starting)."""
    found = []
    for container in listed:
        user = (container.get("Labels") or {}).get(USER_LABEL)
        created = container.get("Created", before)
        if user and user not in served and created < before:
            found.extend(Stray(container["Id"], n.lstrip("/"), user, created)
                          for n in (container.get("Names") or [])[:1])
    return sorted(found, key=lambda stray: stray.name)


def address(inspected, network):
    """The container's IP on the hub's network, or None."""
    networks = (inspected.get("NetworkSettings") or {}).get("Networks") or {}
    return (networks.get(network) or {}).get("IPAddress") or None


def never_started(inspected):
    """True for a container the engine made but never started (it refused the start)."""
    return inspected is not None and (inspected.get("State") or {}).get("Status") == "created"


def ended(inspected):
    """None while the container runs; else (exit code, a sentence for the user)."""
    state = inspected.get("State") or {}
    if state.get("Running"):
        return None
    code = state.get("ExitCode", 1)
    if state.get("OOMKilled"):
        return code, ("Your server was stopped because it ran out of its memory limit; free memory"
                      " in your notebooks (or ask for a larger limit) and start it again.")
    return code, f"Your server ended with exit code {code}."
