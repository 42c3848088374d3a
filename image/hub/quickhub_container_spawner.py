"""quickhub's spawner for servers in containers (up --servers container): each user's server runs
in HUB-user-NAME, made from the hub's own image through the gate (the hub never holds the engine's
socket), with the engine's memory, CPU and process limits for that user alone."""
import asyncio
import grp
import os
import pwd
import sys

from jupyterhub.spawner import Spawner
from traitlets import Any, Unicode

sys.path.insert(0, "/opt/quickhub/lib")
import quickhub_containers as containers  # noqa: E402
import quickhub_contract as contract  # noqa: E402
import quickhub_starts as starts  # noqa: E402


def _failure(message):
    """An error whose sentence JupyterHub shows the user as it is, on the page of the failed start."""
    error = RuntimeError(message)
    error.jupyterhub_message = message
    return error


class ContainerSpawner(Spawner):
    """start = create + start + the container's address; poll = inspect; stop = stop + remove.
    The container is found by its name, so a hub restarted after a crash finds its users' servers
    again."""

    config_document = Any(config=True, help="The hub's quickhub_contract.Config.")
    gate_socket = Unicode(containers.GATE_SOCKET, config=True, help="The gate's Unix socket.")
    container_id = ""
    # Why the last server ended, when it was not asked to: told on the next start.
    ended_message = ""

    @property
    def container_name(self):
        return containers.container_name(self.config_document.hub, self.user.name)

    def _gate(self):
        return containers.Gate(self.gate_socket)

    async def _call(self, method, *args, **kwargs):
        return await asyncio.get_running_loop().run_in_executor(
            None, lambda: getattr(self._gate(), method)(*args, **kwargs))

    def get_env(self):
        env = super().get_env()
        # The wrapper links the shares into the home from the hub's configuration.
        env[contract.CONFIG_VARIABLE] = os.environ.get(contract.CONFIG_VARIABLE, "{}")
        return env

    async def start(self):
        # In the hub's queue, until the server answers: a fresh Python importing JupyterLab in
        # each container is the CPU-bound part of a class start.
        return await starts.start(self, self._launch, lambda code: _failure(
            self.ended_message or f"{self.user.name}'s server ended with exit code {code}"
            " before it answered."))

    async def _launch(self):
        """The address of the server's container, made and started."""
        self.ip, self.port = "0.0.0.0", containers.PORT
        name = self.user.name
        account = containers.Account.of(name, pwd, grp)
        body = containers.create_body(self.config_document, account, self.get_env(), self.get_args())
        try:
            # A container of an earlier start (ended, or the hub crashed) makes way for this one.
            await self._call("remove_gone", self.container_name)
            containers.write_token(name, account.uid, account.gid, self.api_token)
            self.container_id = await self._call("create", self.container_name, body)
            await self._call("start", self.container_name)
            inspected = await self._call("inspect", self.container_name)
        except containers.GateError as e:
            if containers.no_gpu_runtime(str(e)):  # the container stays until the next start
                raise _failure(f"{name}'s server asks for GPUs, but the engine that runs it has no"
                               " GPU runtime; ask the hub's admin to install one (NVIDIA Container"
                               " Toolkit) or to run the hub with --gpus 0.") from None
            raise _failure(f"{name}'s server could not be started: {e}") from None
        ip = containers.address(inspected or {}, self.config_document.network)
        if ip is None:
            raise _failure(f"{name}'s server has no address on {self.config_document.network}")
        return ip, containers.PORT

    async def poll(self):
        try:
            inspected = await self._call("inspect", self.container_name)
        except (containers.GateError, OSError) as e:
            self.log.warning("Cannot ask the gate about %s: %s", self.container_name, e)
            return None  # unknown: keep the server rather than drop a running one
        if inspected is None:
            return 0
        ended = containers.ended(inspected)
        if ended is None:
            self.ended_message = ""  # told on the start of the server that now runs
            return None
        code, message = ended
        if code:
            self.ended_message = message
            self.log.warning("%s: %s", self.container_name, message)
        return code

    async def stop(self, now=False):
        # One the engine refused to start (no GPU runtime, say) stays, so what it asked for can be
        # inspected, until the next start removes it first.
        if not containers.never_started(await self._call("inspect", self.container_name)):
            await self._call("stop", self.container_name, 0 if now else 10)
            await self._call("remove_gone", self.container_name)
        containers.remove_token(self.user.name)

    async def progress(self):
        # The spawn page says first why the last server ended (say, out of its memory limit).
        if self.ended_message:
            yield {"progress": 10, "message": self.ended_message}
        async for event in starts.queue().progress(self):
            yield event

    def get_state(self):
        state = super().get_state()
        if self.container_id:
            state["container"] = self.container_id
        if self.ended_message:
            state["ended"] = self.ended_message
        return state

    def load_state(self, state):
        super().load_state(state)
        self.container_id = state.get("container", "")
        self.ended_message = state.get("ended", "")

    def clear_state(self):
        super().clear_state()
        self.container_id = ""
