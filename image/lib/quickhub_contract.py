"""What the launcher and the image agree on (contract.json at the install root, which the launcher
reads too), and the hub's configuration: one JSON document the launcher puts in one variable.
Pure: imports on any Python 3.11, without JupyterHub.

  python3 quickhub_contract.py entrypoint    prints "SRV_MOUNT HTTP_REDIRECT(0|1) SERVERS" for the
                                             entrypoint, or fails on a malformed configuration
"""
import json
import os
import re
import sys
from pathlib import Path
from typing import NamedTuple, Optional

FILE = Path(__file__).resolve().parent.parent / "contract.json"
_CONTRACT = json.loads(FILE.read_text())

INSTALL_ROOT = _CONTRACT["install_root"]
HUB_PORT = _CONTRACT["ports"]["hub"]
HTTP_PORT = _CONTRACT["ports"]["http"]
ADMIN_GROUP = _CONTRACT["admin_group"]
NAME_PATTERN = re.compile(_CONTRACT["user_name"]["pattern"])
NAME_MAX_LENGTH = _CONTRACT["user_name"]["max_length"]
NAME_RULE = _CONTRACT["user_name"]["rule"]
CONFIG_VARIABLE = _CONTRACT["config_variable"]


def install_path(name):
    """A declared path under the install root, e.g. 'hub_config'."""
    return f"{INSTALL_ROOT}/{_CONTRACT['install_paths'][name]}"


def tool(name):
    """The absolute path of one of the image's declared tools, e.g. 'quickhub-users'."""
    if name not in _CONTRACT["tools"]:
        raise KeyError(f"contract.json declares no tool {name}")
    return f"{install_path('bin')}/{name}"


def volume(name):
    """Where a required volume ('home', 'etc', 'srv') is mounted."""
    return _CONTRACT["volumes"][name]


def state_path(name):
    """A declared path on the srv volume, e.g. 'tls'."""
    return f"{volume('srv')}/{_CONTRACT['state_paths'][name]}"


def is_user_name(name):
    """The user and group names' rule, matched against the whole name (fullmatch: '$' would let a
    trailing newline through)."""
    return (isinstance(name, str) and len(name) <= NAME_MAX_LENGTH
            and NAME_PATTERN.fullmatch(name) is not None)


class ConfigError(ValueError):
    """The configuration variable holds something the launcher does not write."""


class Config(NamedTuple):
    shares: list = []
    user_memory: Optional[int] = None  # bytes
    user_pids: Optional[int] = None
    cull_idle: Optional[int] = None  # seconds
    tls: bool = False
    http_redirect_to: Optional[int] = None  # the HTTPS port that plain HTTP redirects to
    # Each user's server in its own container (servers "container"): what the spawner puts there.
    servers: str = "process"
    hub: Optional[str] = None  # the hub's name: containers HUB-user-NAME
    image: Optional[str] = None  # the hub's own image id, which user containers run
    network: Optional[str] = None  # the hub's private network
    volumes: dict = {}  # the hub's volumes: name ('home', 'etc', 'srv', a share's) -> engine volume
    user_cpus: Optional[float] = None
    gpus: Optional[object] = None  # "all" or a count: each user container's GPU request


ACCESS = ("read-only", "read-write", "host")


def config(environ=None):
    """The hub's configuration from the contract's variable; the defaults when it is unset (a
    container the launcher did not make). Raises ConfigError, with one sentence, on anything else
    than what the launcher writes."""
    text = (os.environ if environ is None else environ).get(CONFIG_VARIABLE)
    if text is None:
        return Config()
    try:
        document = json.loads(text)
    except ValueError as e:
        raise ConfigError(f"{CONFIG_VARIABLE} is not JSON ({e}).") from None
    if not isinstance(document, dict):
        raise ConfigError(f"{CONFIG_VARIABLE} is not a JSON object.")
    unknown = sorted(set(document) - set(Config._fields))
    if unknown:
        raise ConfigError(f"{CONFIG_VARIABLE} has unknown settings: {', '.join(unknown)}.")
    values = Config()._replace(**document)
    for name in ("user_memory", "user_pids", "cull_idle"):
        _positive(name, getattr(values, name))
    _positive("http_redirect_to", values.http_redirect_to, 65535)
    if not isinstance(values.tls, bool):
        raise ConfigError(f"{CONFIG_VARIABLE}: tls is {values.tls!r}, not true or false.")
    if not isinstance(values.shares, list):
        raise ConfigError(f"{CONFIG_VARIABLE}: shares is {values.shares!r}, not a list.")
    for share in values.shares:
        _check_share(share)
    if values.servers == "container":
        _check_containers(values)
    elif values.servers != "process":
        raise ConfigError(f"{CONFIG_VARIABLE}: servers is {values.servers!r}, not process or container.")
    return values


ENGINE_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,127}")


def _check_containers(values):
    problem = None
    if not (isinstance(values.hub, str) and ENGINE_NAME.fullmatch(values.hub)):
        problem = f"hub is {values.hub!r}, not a hub's name"
    elif not (isinstance(values.image, str) and re.fullmatch(r"sha256:[0-9a-f]{64}", values.image)):
        problem = f"image is {values.image!r}, not an image id (sha256:...)"
    elif not (isinstance(values.network, str) and ENGINE_NAME.fullmatch(values.network)):
        problem = f"network is {values.network!r}, not a network's name"
    elif not (isinstance(values.volumes, dict) and {"home", "etc", "srv"} <= set(values.volumes)
              and all(isinstance(v, str) and ENGINE_NAME.fullmatch(v) for v in values.volumes.values())):
        problem = f"volumes is {values.volumes!r}, not the hub's home, etc and srv volumes by name"
    elif values.user_cpus is not None and (isinstance(values.user_cpus, bool)
                                           or not isinstance(values.user_cpus, (int, float))
                                           or not 0 < values.user_cpus <= 1024):
        problem = f"user_cpus is {values.user_cpus!r}, not a number of CPUs"
    elif values.gpus is not None and values.gpus != "all" and not (
            type(values.gpus) is int and 0 < values.gpus <= 9999):
        problem = f"gpus is {values.gpus!r}, not all or a number of GPUs"
    else:
        for share in values.shares:
            if share["access"] == "host":
                if not (isinstance(share.get("source"), str) and share["source"].startswith("/")
                        and isinstance(share.get("read_only"), bool)):
                    problem = f"the host share {share['name']!r} needs its source and read_only"
            elif share["name"] not in values.volumes:
                problem = f"the share {share['name']!r} has no volume"
    if problem:
        raise ConfigError(f"{CONFIG_VARIABLE}: {problem} (servers in containers).")


def _positive(name, value, most=None):
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1 or (most and value > most):
        raise ConfigError(f"{CONFIG_VARIABLE}: {name} is {value!r}, not a positive whole number"
                          + (f" up to {most}." if most else "."))


def _check_share(share):
    if not (isinstance(share, dict) and isinstance(share.get("name"), str)
            and isinstance(share.get("path"), str) and share["path"].startswith("/")
            and share.get("access") in ACCESS
            and (share["access"] == "host" or is_user_name(share.get("writers")))):
        raise ConfigError(f"{CONFIG_VARIABLE}: the share {share!r} needs a name, an absolute path,"
                          f" an access ({', '.join(ACCESS)}) and, unless host, a writers group.")


def main(args):
    if args != ["entrypoint"]:
        sys.exit(__doc__)
    try:
        values = config()
    except ConfigError as e:
        sys.exit(f"quickhub: {e}")
    print(volume("srv"), 1 if values.http_redirect_to else 0, values.servers)


if __name__ == "__main__":
    main(sys.argv[1:])
