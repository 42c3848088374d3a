"""The gate's policy: which calls of the engine's HTTP API the hub may make through HUB-gate.

Pure: given the policy (env QUICKHUB_GATE of the gate: hub, image id, network, volumes, shares,
limits, gpus), the hub's accounts (its /etc/passwd and /etc/group text) and one request, it says
what to forward or one sentence saying why not. The server (bin/quickhub-gate) does the I/O.

Allowed, with an optional /vN.NN prefix (dropped: the engine's own version is used, as an old one
changes what a call means) and nothing else:
  GET|HEAD /_ping, GET /version
  GET /containers/json                       the gate forces the label filter quickhub.hub=HUB
  POST /containers/create?name=HUB-user-NAME exactly a user container of NAME (see check_create)
  POST /containers/ID/start|stop|kill|wait, DELETE /containers/ID, GET /containers/ID/json|logs
                                             only when ID is HUB-user-NAME labelled for this hub and
                                             NAME (the server inspects it first, then uses its id)
A known field whose value is JSON null counts as absent; a field the policy does not know is
refused whatever its value, and so is one that differs only by case from a known one (the engine
reads keys case-insensitively, the last one winning). The body forwarded is rebuilt from the
checked fields alone, nested ones too, so nothing unchecked reaches the engine.
"""
import json
import re
from typing import NamedTuple, Optional
from urllib.parse import parse_qsl, urlencode

HUB_LABEL = "quickhub.hub"
USER_LABEL = "quickhub.user"
WRAPPER = "/opt/quickhub/bin/quickhub-singleuser"
ADMIN_GROUP = "jupyterhub-admins"
USER_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}")
USER_UIDS = range(1000, 60001)  # Debian's UID_MIN..UID_MAX: people, not nobody or system users
SECRETS = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN")

_VERSION = r"(/v1\.[0-9]{1,3})?"
_ID = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}"
_PATH = re.compile(_VERSION + r"((?:/[A-Za-z0-9_.-]+)+)")
_ACTIONS = {  # (method, action) -> the query parameters that keep its meaning
    ("POST", "start"): set(),
    ("POST", "stop"): {"t", "signal"},
    ("POST", "kill"): {"signal"},
    ("POST", "wait"): {"condition"},
    ("DELETE", None): {"force", "v"},
    ("GET", "json"): {"size"},
    ("GET", "logs"): {"follow", "stdout", "stderr", "since", "until", "timestamps", "tail"},
}


class Refused(Exception):
    """One sentence: what the gate refused and why."""


class _Bad(Exception):
    """What is wrong with one field's value; the caller names the field."""


class Account(NamedTuple):
    name: str
    uid: int
    gid: int


class Accounts(NamedTuple):
    """The hub's passwd and group, as far as the gate needs them."""
    users: dict   # name -> Account
    groups: dict  # name -> (gid, members)

    @staticmethod
    def parse(passwd, group):
        users, groups = {}, {}
        for line in passwd.splitlines():
            fields = line.split(":")
            if len(fields) >= 4 and fields[2].isdigit() and fields[3].isdigit():
                users[fields[0]] = Account(fields[0], int(fields[2]), int(fields[3]))
        for line in group.splitlines():
            fields = line.split(":")
            if len(fields) >= 4 and fields[2].isdigit():
                groups[fields[0]] = (int(fields[2]), {m for m in fields[3].split(",") if m})
        return Accounts(users, groups)

    def group_ids(self, account):
        """The gids of the account's supplementary groups."""
        return {gid for gid, members in self.groups.values() if account.name in members}

    def is_admin(self, account):
        gid, members = self.groups.get(ADMIN_GROUP, (None, set()))
        return account.name in members or account.gid == gid


class Policy(NamedTuple):
    hub: str
    image: str
    network: str
    volumes: dict          # home, etc, srv -> volume name
    shares: tuple          # dicts: type (volume|bind), source, target, read_only
    memory: Optional[int]
    cpus: Optional[float]
    pids: Optional[int]
    gpus: Optional[str]    # "all" or a count, or None

    @staticmethod
    def parse(text):
        doc = json.loads(text)
        limits = doc.get("limits") or {}
        gpus = doc.get("gpus")
        return Policy(doc["hub"], doc["image"], doc["network"], dict(doc["volumes"]),
                      tuple(doc.get("shares") or ()), limits.get("memory"), limits.get("cpus"),
                      limits.get("pids"), None if gpus is None else str(gpus))

    def user_container(self, name):
        return f"{self.hub}-user-{name}"

    def owns_its_names(self):
        """True when no other hub's container or user container can be named as this hub's user
        containers (user names may hold '-'): only a hub name with "-user-" in it, or "-user" at
        its end, makes HUB-user-NAME from another hub's name and user."""
        return "-user-" not in self.hub and not self.hub.endswith("-user")


class Forward(NamedTuple):
    """An allowed request, as the server sends it on (after inspecting TARGET, if any)."""
    method: str
    path: str              # without a version prefix; "{id}" stands for the target's id
    query: str
    target: Optional[str]  # the container to inspect first


def decide(policy, method, raw_target):
    """The call a request line stands for, or Refused. Body and target are checked later."""
    path, _, query = raw_target.partition("?")
    match = _PATH.fullmatch(path)
    if not match or "#" in raw_target:
        raise Refused(f"the path {path[:200]!r} is not one the gate knows")
    parts = match.group(2).split("/")[1:]
    if any(part in (".", "..") for part in parts):
        raise Refused("a path with '.' or '..' segments is refused")
    params = _query(query)
    if (parts == ["_ping"] and method in ("GET", "HEAD")) or (parts == ["version"]
                                                              and method == "GET"):
        _only(params, set())
        return Forward(method, "/" + parts[0], "", None)
    if parts[:1] != ["containers"]:
        raise Refused(f"{method} /{'/'.join(parts)} is not a call the gate allows")
    if parts == ["containers", "json"] and method == "GET":
        _only(params, {"all", "limit", "size", "filters"})
        params["filters"] = _hub_filter(policy, params.get("filters"))
        return Forward(method, "/containers/json", urlencode(params), None)
    if parts == ["containers", "create"] and method == "POST":
        _only(params, {"name"})
        return Forward(method, "/containers/create", urlencode(params), None)
    if len(parts) in (2, 3) and re.fullmatch(_ID, parts[1]) and parts[1] not in ("json", "create"):
        action = parts[2] if len(parts) == 3 else None
        if (method, action) in _ACTIONS:
            _only(params, _ACTIONS[(method, action)])
            return Forward(method, "/containers/{id}" + (f"/{action}" if action else ""),
                           urlencode(params), parts[1])
    raise Refused(f"{method} /{'/'.join(parts)} is not a call the gate allows")


def _query(query):
    """The parameters, each once; the server forwards them re-encoded, never the raw text."""
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise Refused("the query cannot be read") from None
    params = dict(pairs)
    if len(params) != len(pairs):
        raise Refused("a query parameter given twice is refused")
    return params


def _only(params, allowed):
    extra = sorted(set(params) - allowed)
    if extra:
        raise Refused(f"the query parameter {extra[0]!r} is not allowed here")


def _hub_filter(policy, filters):
    try:
        doc = json.loads(filters) if filters else {}
    except ValueError:
        raise Refused("the filters parameter is not JSON") from None
    if not isinstance(doc, dict):
        raise Refused("the filters parameter is not a JSON object")
    labels = doc.get("label", [])
    if isinstance(labels, dict):  # the engine's older form {"a=b": true}
        labels = [label for label, on in labels.items() if on]
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise Refused("the label filter is not a list of labels")
    doc["label"] = labels + [f"{HUB_LABEL}={policy.hub}"]
    return json.dumps(doc)


def check_target(policy, inspected):
    """Refused unless the inspected container is a user container of this hub."""
    labels = (inspected.get("Config") or {}).get("Labels") or {}
    user = labels.get(USER_LABEL)
    if labels.get(HUB_LABEL) != policy.hub or not isinstance(user, str) or not user:
        raise Refused("that container is not a user container of this hub")
    if inspected.get("Name") != "/" + policy.user_container(user):
        raise Refused("that container's name does not match its user label")


# --- create -------------------------------------------------------------------------------------

def _empty(value):
    return value is None or value is False or value == 0 or value == "" or value == [] \
        or value == {}


def _inert(_policy, value, _user):
    if not _empty(value):
        raise _Bad("must be empty")


def _any_bool(_policy, value, _user):
    if not isinstance(value, bool):
        raise _Bad("must be true or false")


def _equal(expected):
    def check(_policy, value, _user):
        if value != expected:
            raise _Bad(f"must be {expected!r}")
    return check


class _User(NamedTuple):
    """The user a create is for, with what the accounts say of them."""
    account: Account
    groups: set
    admin: bool


def check_create(policy, accounts, query, body):
    """The body to forward, rebuilt from the checked fields of BODY (the parsed JSON); Refused
    unless BODY is exactly a user container for the name in QUERY."""
    if not policy.owns_its_names():
        raise Refused(f"the hub name {policy.hub!r} has '-user-' in it or ends in '-user', so its"
                      " user containers could take another hub's names")
    name = dict(parse_qsl(query)).get("name", "")
    prefix = policy.user_container("")
    user_name = name[len(prefix):] if name.startswith(prefix) else ""
    if not USER_NAME.fullmatch(user_name):
        raise Refused(f"a user container is named {prefix}NAME, not {name[:80]!r}")
    account = accounts.users.get(user_name)
    if account is None or account.uid not in USER_UIDS or account.gid == 0:
        raise Refused(f"{user_name!r} is not a user account of this hub")
    user = _User(account, accounts.group_ids(account), accounts.is_admin(account))
    if not isinstance(body, dict):
        raise Refused("the body is not a JSON object")
    return _fields(policy, body, _CONFIG, user, "")


def _fields(policy, doc, checks, user, where):
    """DOC's fields rebuilt: each checked, nulls left out. A check returns the value rebuilt when
    it holds objects (only their checked keys), else None: a checked leaf is forwarded as it is."""
    known = {key.lower(): key for key in checks}
    rebuilt = {}
    for key, value in doc.items():
        check = checks.get(key)
        if check is None:
            if key.lower() in known:
                raise Refused(f"the field {where}{key} is not allowed (the engine would read it"
                              f" as {where}{known[key.lower()]}); spell it {known[key.lower()]}")
            raise Refused(f"the field {where}{key} is not allowed")
        if value is None:
            continue
        try:
            checked = check(policy, value, user)
        except _Bad as e:
            raise Refused(f"the field {where}{key} {e}") from None
        rebuilt[key] = value if checked is None else checked
    for key in checks:
        if key in _REQUIRED and rebuilt.get(key) is None:
            raise Refused(f"the field {where}{key} is missing")
    return rebuilt


def _image(policy, value, _user):
    if value != policy.image:
        raise _Bad(f"must be this hub's image {policy.image}")


def _user_field(_policy, value, user):
    expected = f"{user.account.uid}:{user.account.gid}"
    if value != expected:
        raise _Bad(f"must be {user.account.name}'s own uid:gid {expected}")


def _entrypoint(_policy, value, _user):
    if value != [""]:  # not the image's entrypoint, which would run as the user
        raise _Bad("must be [\"\"]")


def _cmd(_policy, value, _user):
    if not isinstance(value, list) or not value or value[0] != WRAPPER \
            or not all(isinstance(arg, str) for arg in value):
        raise _Bad(f"must start with {WRAPPER}")


def _env(_policy, value, _user):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Bad("must be a list of NAME=value")
    for item in value:
        if item.partition("=")[0] in SECRETS:
            raise _Bad("must not hold the server's API token (it is read from its file)")


def _working_dir(_policy, value, user):
    _equal(f"/home/{user.account.name}/notebook")(None, value, None)


def _hostname(_policy, value, user):
    _equal(user.account.name)(None, value, None)


def _labels(policy, value, user):
    _equal({HUB_LABEL: policy.hub, USER_LABEL: user.account.name})(None, value, None)


def _exposed_ports(_policy, value, _user):
    if not isinstance(value, dict) or not all(re.fullmatch(r"[0-9]+/tcp", p) for p in value):
        raise _Bad("may only name TCP ports")
    return {port: {} for port in value}


def _networking(policy, value, _user):
    endpoints = value.get("EndpointsConfig") if isinstance(value, dict) else None
    if set(value) - {"EndpointsConfig"} or not isinstance(endpoints, dict) \
            or set(endpoints) - {policy.network}:
        raise _Bad(f"may only name the network {policy.network}")
    rebuilt = {}
    for network, endpoint in endpoints.items():
        if endpoint is not None and not isinstance(endpoint, dict):
            raise _Bad("must give an object for each network")
        endpoint = {k: v for k, v in (endpoint or {}).items() if v is not None}
        if set(endpoint) - {"Aliases"}:
            raise _Bad("may only give aliases")
        aliases = endpoint.get("Aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _Bad("must give aliases as a list of names")
        rebuilt[network] = {"Aliases": aliases} if aliases else {}
    return {"EndpointsConfig": rebuilt}


def _host_config(policy, value, user):
    if not isinstance(value, dict):
        raise _Bad("must be an object")
    host = _fields(policy, value, _HOST, user, "HostConfig.")
    if not user.admin and host.get("SecurityOpt") is None:
        raise Refused("the field HostConfig.SecurityOpt must be [\"no-new-privileges\"]"
                      " for a user who is not a hub admin")
    _limits(policy, host)
    return host


def _limits(policy, host):
    """The hub's limits, exactly; 0 and -1 both mean none where the engine allows it."""
    expected = {
        "Memory": policy.memory or 0,
        "MemorySwap": policy.memory or 0,
        "NanoCpus": round(policy.cpus * 1e9) if policy.cpus else 0,
        "PidsLimit": policy.pids or 0,
    }
    for key, want in expected.items():
        got = host.get(key) or 0
        if got != want and not (got == -1 and want == 0 and key in ("MemorySwap", "PidsLimit")):
            raise Refused(f"the field HostConfig.{key} must be {want} (the hub's limit)")


def _network_mode(policy, value, _user):
    _equal(policy.network)(None, value, None)


def _security_opt(_policy, value, user):
    allowed = [[], ["no-new-privileges"], ["no-new-privileges:true"]] if user.admin \
        else [["no-new-privileges"], ["no-new-privileges:true"]]
    if value not in allowed:
        raise _Bad("must be [\"no-new-privileges\"] for a user who is not a hub admin")


def _group_add(_policy, value, user):
    if not isinstance(value, list) or not all(isinstance(g, str) and g.isdigit() for g in value):
        raise _Bad("must be a list of numeric group ids")
    extra = sorted({int(g) for g in value} - (user.groups - {0}))  # root's group: never
    if extra:
        raise _Bad(f"names group {extra[0]}, which {user.account.name} is not a member of")


def _restart(_policy, value, _user):
    if not isinstance(value, dict) or value.get("Name", "") not in ("", "no") \
            or value.get("MaximumRetryCount") or set(value) - {"Name", "MaximumRetryCount"}:
        raise _Bad("must be {\"Name\": \"no\"}")
    return {"Name": "no"}


def _mounts(policy, value, user):
    if not isinstance(value, list):
        raise _Bad("must be a list")
    allowed = {
        "/home": ("volume", policy.volumes["home"], False),
        "/etc": ("volume", policy.volumes["etc"], True),
        "/srv/quickhub": ("volume", policy.volumes["srv"], not user.admin),
    }
    for share in policy.shares:
        allowed[share["target"]] = (share["type"], share["source"], bool(share.get("read_only")))
    seen, rebuilt = set(), []
    for mount in value:
        if not isinstance(mount, dict):
            raise _Bad("must be a list of objects")
        target = mount.get("Target")
        if target not in allowed or target in seen:
            raise _Bad(f"mounts {str(target)[:80]!r}, which is not a declared mount or twice")
        seen.add(target)
        kind, source, read_only = allowed[target]
        if mount.get("Type") != kind or mount.get("Source") != source:
            raise _Bad(f"must mount {kind} {source} at {target}")
        if read_only and mount.get("ReadOnly") is not True:
            raise _Bad(f"must mount {target} read-only")
        extra = [k for k, v in mount.items() if k not in ("Type", "Source", "Target", "ReadOnly",
                                                          "Consistency") and not _mount_option(k, v)]
        if extra:
            raise _Bad(f"may not set {extra[0]} on the mount of {target}")
        rebuilt.append({"Type": kind, "Source": source, "Target": target,
                        "ReadOnly": read_only or mount.get("ReadOnly") is True})
        if (mount.get("VolumeOptions") or {}).get("NoCopy") is True:
            rebuilt[-1]["VolumeOptions"] = {"NoCopy": True}
    missing = sorted({"/home", "/etc", "/srv/quickhub"} - seen)
    if missing:
        raise _Bad(f"must mount {missing[0]}")
    return rebuilt


def _mount_option(key, value):
    """Only options that change nothing: a local driver's options could bind any host folder."""
    if key == "VolumeOptions":
        return value is None or isinstance(value, dict) and not (set(value) - {"NoCopy"})
    return _empty(value) and key in ("BindOptions", "TmpfsOptions")


def _device_requests(policy, value, _user):
    if _empty(value):
        return []
    if policy.gpus is None:
        raise _Bad("must be empty: this hub has no GPUs")
    count = -1 if policy.gpus == "all" else int(policy.gpus)
    request = value[0] if isinstance(value, list) and len(value) == 1 else None
    given = {k: v for k, v in request.items() if not _empty(v)} if isinstance(request, dict) else {}
    if given.get("Driver") == "nvidia":
        del given["Driver"]
    if given != {"Count": count, "Capabilities": [["gpu"]]}:
        raise _Bad(f"must ask for {policy.gpus} GPUs with the capability gpu, nothing else")
    return [{"Driver": request.get("Driver") or "", "Count": count, "Capabilities": [["gpu"]]}]


def _ipc(_policy, value, _user):
    if value not in ("", "private", "none"):
        raise _Bad("must be private")


def _strings(_policy, value, _user):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Bad("must be a list of strings")


def _string(_policy, value, _user):
    if not isinstance(value, str):
        raise _Bad("must be a string")


def _limit_field(_policy, value, _user):
    if not isinstance(value, int):
        raise _Bad("must be a number")  # compared with the policy in _limits


_REQUIRED = {"Image", "User", "Entrypoint", "Cmd", "Labels", "HostConfig", "WorkingDir",
             "Mounts", "NetworkMode", "RestartPolicy"}

_CONFIG = {
    "Image": _image, "User": _user_field, "Entrypoint": _entrypoint, "Cmd": _cmd, "Env": _env,
    "WorkingDir": _working_dir, "Hostname": _hostname, "Labels": _labels,
    "HostConfig": _host_config, "NetworkingConfig": _networking, "ExposedPorts": _exposed_ports,
    "Domainname": _inert, "Volumes": _inert, "NetworkDisabled": _inert, "MacAddress": _inert,
    "Healthcheck": _inert, "OnBuild": _inert, "Shell": _inert,
    "AttachStdin": _any_bool, "AttachStdout": _any_bool, "AttachStderr": _any_bool,
    "Tty": _any_bool, "OpenStdin": _any_bool, "StdinOnce": _any_bool,
    "StopSignal": _string, "StopTimeout": _limit_field,
}

_HOST = {
    "Mounts": _mounts, "NetworkMode": _network_mode, "SecurityOpt": _security_opt,
    "GroupAdd": _group_add, "RestartPolicy": _restart, "DeviceRequests": _device_requests,
    "Memory": _limit_field, "MemorySwap": _limit_field, "NanoCpus": _limit_field,
    "PidsLimit": _limit_field, "IpcMode": _ipc,
    "Init": _any_bool, "AutoRemove": _any_bool, "ReadonlyRootfs": _any_bool,
    "CapDrop": _strings,  # dropping capabilities only takes away
    # Empty is the engine's default for each of these; any value is refused.
    "Privileged": _inert, "CapAdd": _inert, "Devices": _inert, "Binds": _inert,
    "PortBindings": _inert, "PublishAllPorts": _inert, "PidMode": _inert, "UTSMode": _inert,
    "UsernsMode": _inert, "CgroupnsMode": _inert, "Cgroup": _inert, "CgroupParent": _inert,
    "VolumesFrom": _inert, "Links": _inert, "Runtime": _inert, "Sysctls": _inert,
    "Ulimits": _inert, "ExtraHosts": _inert, "Dns": _inert, "DnsOptions": _inert,
    "DnsSearch": _inert, "LogConfig": _inert, "OomKillDisable": _inert, "OomScoreAdj": _inert,
    "ContainerIDFile": _inert, "VolumeDriver": _inert, "Tmpfs": _inert, "StorageOpt": _inert,
    "DeviceCgroupRules": _inert, "KernelMemory": _inert, "CpuShares": _inert,
    "CpuPeriod": _inert, "CpuQuota": _inert, "CpusetCpus": _inert, "CpusetMems": _inert,
    "BlkioWeight": _inert, "MemoryReservation": _inert, "MemorySwappiness": _inert,
    "ShmSize": _inert, "Isolation": _inert,
}
