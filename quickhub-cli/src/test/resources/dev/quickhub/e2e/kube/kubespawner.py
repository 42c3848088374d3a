"""Test only: KubeSpawner's part that matters to the image, on the engine instead of a cluster.

The chart's own hub configuration turns config.yaml into c.KubeSpawner settings; this class takes
those settings as KubeSpawner does and starts the user's server as the pod KubeSpawner would make:
the image, command (extra_container_config's) and args (cmd + get_args()), the environment of
get_env() expanded with the user's names, runAsUser/runAsGroup, fsGroup and supplemental groups,
and each volume mount, a claim being an engine volume named NAMESPACE-CLAIM. Only what the test
needs: no profiles, init containers (the cloud metadata block needs a cluster) or named servers.
"""
import asyncio
import http.client
import json
import os
import re
import socket
from urllib.parse import quote, urlencode

from jupyterhub.spawner import Spawner
from traitlets import Any, Bool, Dict, Integer, Unicode

SOCKET = "/var/run/docker.sock"
LABEL = "quickhub.hub"
# KubeSpawner's 'safe' slug keeps such a name as it is; other names get a hash this test spawner
# does not compute (KubeSlugTest checks the exported claim names against that rule).
SAFE = re.compile(r"[a-z][a-z0-9-]{0,47}")


class _Connection(http.client.HTTPConnection):
    def __init__(self):
        super().__init__("localhost", timeout=120)

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(SOCKET)


def engine(method, path, body=None, query=None, missing_ok=False):
    """One call of the engine's API; the parsed answer (None when empty or missing)."""
    connection = _Connection()
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
        raise RuntimeError(f"engine: {method} {path}: HTTP {response.status} {text[:300]!r}")
    return json.loads(text) if text.strip() else None


class KubeSpawner(Spawner):
    ip = Unicode("0.0.0.0", config=True)
    port = Integer(8888, config=True)
    image = Unicode(config=True)
    namespace = Unicode("default", config=True)
    uid = Any(None, config=True)
    gid = Any(None, config=True)
    fs_gid = Any(None, config=True)
    supplemental_gids = Any([], config=True)
    volumes = Any({}, config=True)
    volume_mounts = Any({}, config=True)
    extra_container_config = Dict(config=True)
    working_dir = Unicode(None, allow_none=True, config=True)
    pvc_name_template = Unicode("claim-{user_server}", config=True)
    pod_name_template = Unicode("jupyter-{user_server}", config=True)
    storage_pvc_ensure = Bool(False, config=True)
    common_labels = Dict(config=True)
    # The engine network the pods share with the hub (the cluster's pod network).
    network = Unicode(os.environ.get("KUBE_NETWORK", ""), config=True)

    def _expand(self, template, names=True):
        name = self.user.name
        if not SAFE.fullmatch(name) or "--" in name:
            raise RuntimeError(f"this test spawner knows KubeSpawner's slug of safe names only: {name}")
        fields = dict(
            userid=self.user.id, unescaped_username=name, unescaped_servername="",
            username=name, servername="", user_server=name, safe_username=name,
            safe_servername="", safe_user_server=name, escaped_username=name,
            escaped_servername="", escaped_user_server=name + "--", hubnamespace=self.namespace,
            namespace=self.namespace)
        if names:  # the resolved names, as KubeSpawner offers them to other templates
            fields.update(pod_name=self._expand(self.pod_name_template, False),
                          pvc_name=self._expand(self.pvc_name_template, False))
        return template.format(**fields).rstrip("-")

    def _expand_all(self, value):
        if isinstance(value, list):
            return [self._expand_all(v) for v in value]
        if isinstance(value, dict):
            return {k: self._expand_all(v) for k, v in value.items()}
        return self._expand(value) if isinstance(value, str) else value

    def get_env(self):
        env = super().get_env()
        env["JUPYTER_IMAGE_SPEC"] = env["JUPYTER_IMAGE"] = self.image
        # KubeSpawner expands the configured environment only, not JupyterHub's own values.
        env.update({k: self._expand_all(v) for k, v in self.environment.items()
                    if isinstance(v, (str, list, dict))})
        return env

    @property
    def pod_name(self):
        return f"{self.namespace}-{self._expand(self.pod_name_template)}"

    async def _value(self, value):
        value = value(self) if callable(value) else value
        return await value if asyncio.iscoroutine(value) else value

    async def _call(self, *args, **kwargs):
        return await asyncio.get_running_loop().run_in_executor(
            None, lambda: engine(*args, **kwargs))

    async def _mounts(self):
        volumes = self._expand_all(self.volumes)
        volumes = volumes.values() if isinstance(volumes, dict) else volumes
        by_name = {v["name"]: v for v in volumes}
        mounts = self._expand_all(self.volume_mounts)
        result = []
        for mount in sorted(mounts.items()) if isinstance(mounts, dict) else enumerate(mounts):
            mount = mount[1]
            volume = by_name[mount["name"]]
            if "persistentVolumeClaim" not in volume or mount.get("subPath"):
                raise RuntimeError(f"this test spawner mounts whole claims only: {mount}")
            source = f"{self.namespace}-{volume['persistentVolumeClaim']['claimName']}"
            if await self._call("GET", f"/volumes/{quote(source)}", missing_ok=True) is None:
                # storage_pvc_ensure: a claim nobody loaded starts empty.
                await self._call("POST", "/volumes/create",
                                 {"Name": source, "Labels": {LABEL: self.namespace}})
            result.append({"Type": "volume", "Source": source, "Target": mount["mountPath"],
                           "ReadOnly": bool(mount.get("readOnly"))})
        return result

    async def start(self):
        uid, gid = await self._value(self.uid), await self._value(self.gid)
        fs_gid = await self._value(self.fs_gid)
        groups = [g for g in [fs_gid, *await self._value(self.supplemental_gids)] if g is not None]
        command = self.extra_container_config.get("command")
        host = {"Mounts": await self._mounts(), "NetworkMode": self.network,
                "GroupAdd": [str(g) for g in groups], "SecurityOpt": ["no-new-privileges"]}
        if self.mem_limit:
            host.update(Memory=self.mem_limit, MemorySwap=self.mem_limit)
        body = {
            "Image": self.image,
            "Entrypoint": command,
            "Cmd": [*(self.cmd or []), *self.get_args()],
            "Env": [f"{k}={v}" for k, v in sorted(self.get_env().items())],
            "User": f"{uid}:{gid}" if gid is not None else str(uid),
            "Hostname": self._expand(self.pod_name_template),
            "Labels": {LABEL: self.namespace},
            "HostConfig": host,
        }
        if self.working_dir:
            body["WorkingDir"] = self._expand(self.working_dir)
        await self._call("DELETE", f"/containers/{quote(self.pod_name)}", query={"force": "true"},
                         missing_ok=True)
        await self._call("POST", "/containers/create", body, {"name": self.pod_name})
        await self._call("POST", f"/containers/{quote(self.pod_name)}/start")
        inspected = await self._call("GET", f"/containers/{quote(self.pod_name)}/json")
        ip = inspected["NetworkSettings"]["Networks"][self.network]["IPAddress"]
        return f"http://{ip}:{self.port}"

    async def poll(self):
        inspected = await self._call("GET", f"/containers/{quote(self.pod_name)}/json",
                                     missing_ok=True)
        if inspected is None:
            return 0
        state = inspected["State"]
        return None if state.get("Running") else state.get("ExitCode", 1)

    async def stop(self, now=False):
        await self._call("DELETE", f"/containers/{quote(self.pod_name)}", query={"force": "true"},
                         missing_ok=True)
