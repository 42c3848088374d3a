"""The user container the spawner asks the gate for, its token file, and the gate's client, on the
host's Python (no JupyterHub, no engine: a stand-in gate on a Unix socket)."""
import http.server
import json
import os
import socketserver
import stat
import threading

import pytest

import quickhub_containers as containers
import quickhub_contract as contract

IMAGE = "sha256:" + "ab" * 32
CONFIG = contract.config({contract.CONFIG_VARIABLE: json.dumps({
    "servers": "container", "hub": "course", "image": IMAGE, "network": "course-net",
    "volumes": {"home": "course_home", "etc": "course_etc", "srv": "course_srv", "shared": "course_shared"},
    "user_memory": 268435456, "user_pids": 200, "user_cpus": 0.5,
    "shares": [{"name": "shared", "path": "/srv/shared", "access": "read-only", "writers": "jupyterhub-admins"},
               {"name": "data", "path": "/srv/data", "access": "host", "source": "/data/course",
                "read_only": True}]})})
USER = containers.Account("user1", 1001, 1001, {1005, 1002}, admin=False)


def test_a_user_container_is_the_users_own_with_the_hubs_limits():
    env = {"JUPYTERHUB_API_TOKEN": "secret", "JPY_API_TOKEN": "secret", "SHELL": "/bin/bash",
           "JUPYTERHUB_USER": "user1"}
    body = containers.create_body(CONFIG, USER, env, ["--debug"])
    assert body["Image"] == IMAGE and body["User"] == "1001:1001"
    assert body["Entrypoint"] == [""]
    assert body["Cmd"] == ["/opt/quickhub/bin/quickhub-singleuser", "--debug"]
    assert "secret" not in json.dumps(body)
    assert "QUICKHUB_TOKEN_FILE=/srv/quickhub/servers/user1/token" in body["Env"]
    assert {"HOME=/home/user1", "USER=user1", "SHELL=/bin/bash"} <= set(body["Env"])
    assert body["WorkingDir"] == "/home/user1/notebook" and body["Hostname"] == "user1"
    assert body["Labels"] == {"quickhub.hub": "course", "quickhub.user": "user1"}
    host = body["HostConfig"]
    assert host["Memory"] == host["MemorySwap"] == 268435456
    assert host["NanoCpus"] == 500000000 and host["PidsLimit"] == 200
    assert host["NetworkMode"] == "course-net" and host["GroupAdd"] == ["1002", "1005"]
    assert host["SecurityOpt"] == ["no-new-privileges"] and host["RestartPolicy"] == {"Name": "no"}
    assert host["Mounts"] == [
        {"Type": "volume", "Source": "course_home", "Target": "/home", "ReadOnly": False},
        {"Type": "volume", "Source": "course_etc", "Target": "/etc", "ReadOnly": True},
        {"Type": "volume", "Source": "course_srv", "Target": "/srv/quickhub", "ReadOnly": True},
        {"Type": "volume", "Source": "course_shared", "Target": "/srv/shared", "ReadOnly": False},
        {"Type": "bind", "Source": "/data/course", "Target": "/srv/data", "ReadOnly": True},
    ]
    assert not set(host) & {"Privileged", "CapAdd", "Devices", "Binds", "PortBindings", "PidMode"}


def test_gpus_are_the_device_request_the_gate_accepts():
    import quickhub_gate as gate
    assert "DeviceRequests" not in containers.create_body(CONFIG, USER, {})["HostConfig"]
    for gpus, count in (("all", -1), (2, 2)):
        body = containers.create_body(CONFIG._replace(gpus=gpus), USER, {})
        assert body["HostConfig"]["DeviceRequests"] == [
            {"Driver": "", "Count": count, "DeviceIDs": None, "Capabilities": [["gpu"]],
             "Options": {}}]
        # The gate of a hub with these GPUs lets exactly this create through.
        policy = gate.Policy("course", IMAGE, "course-net", dict(CONFIG.volumes),
                             ({"type": "volume", "source": "course_shared",
                               "target": "/srv/shared", "read_only": False},
                              {"type": "bind", "source": "/data/course", "target": "/srv/data",
                               "read_only": True}),
                             268435456, 0.5, 200, str(gpus))
        accounts = gate.Accounts.parse("user1:x:1001:1001::/home/user1:/bin/bash\n",
                                       "a:x:1002:user1\nb:x:1005:user1\n")
        gate.check_create(policy, accounts, "name=course-user-user1", body)
        with pytest.raises(gate.Refused, match="no GPUs"):
            gate.check_create(policy._replace(gpus=None), accounts, "name=course-user-user1", body)
    assert containers.no_gpu_runtime(
        'could not select device driver "" with capabilities: [[gpu]] (HTTP 500)')
    assert not containers.no_gpu_runtime("No such image (HTTP 404)")
    assert containers.never_started({"State": {"Status": "created", "Error": "could not select"}})
    assert not containers.never_started({"State": {"Status": "exited"}})
    assert not containers.never_started(None)


def test_admins_write_srv_and_keep_sudo_and_no_limit_means_none():
    admin = containers.Account("teacher", 1000, 1000, {27}, admin=True)
    body = containers.create_body(CONFIG._replace(user_memory=None, user_cpus=None, user_pids=None),
                                  admin, {})
    host = body["HostConfig"]
    assert host["SecurityOpt"] == [] and host["Mounts"][2]["ReadOnly"] is False
    assert not set(host) & {"Memory", "MemorySwap", "NanoCpus", "PidsLimit"}


def test_the_token_file_is_the_users_alone_and_no_planted_link_is_followed(tmp_path):
    root = tmp_path / "servers"
    uid, gid = os.getuid(), os.getgid()
    containers.write_token("user1", uid, gid, "t1", root=str(root))
    token = root / "user1" / "token"
    assert token.read_text() == "t1"
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    assert stat.S_IMODE((root / "user1").stat().st_mode) == 0o700
    assert stat.S_IMODE(root.stat().st_mode) == 0o711
    victim = tmp_path / "victim"
    victim.write_text("keep")
    token.unlink()
    token.symlink_to(victim)
    containers.write_token("user1", uid, gid, "t2", root=str(root))
    assert victim.read_text() == "keep" and not token.is_symlink() and token.read_text() == "t2"
    # A user's folder swapped for a link is refused, not followed.
    (root / "user2").symlink_to(tmp_path)
    with pytest.raises(OSError):
        containers.write_token("user2", uid, gid, "t3", root=str(root))
    assert not (tmp_path / "token").exists()
    # Removed after the server stopped; through a swapped folder nothing is removed.
    containers.remove_token("user1", root=str(root))
    assert not token.exists() and (root / "user1").is_dir()
    (tmp_path / "token").write_text("not the hub's")
    containers.remove_token("user2", root=str(root))
    assert (tmp_path / "token").read_text() == "not the hub's"


def test_an_oom_killed_server_says_so():
    assert containers.ended({"State": {"Running": True}}) is None
    code, message = containers.ended({"State": {"Running": False, "ExitCode": 137, "OOMKilled": True}})
    assert code == 137 and "ran out of its memory limit" in message
    assert containers.ended({"State": {"Running": False, "ExitCode": 1}})[1].endswith("exit code 1.")
    inspected = {"NetworkSettings": {"Networks": {"course-net": {"IPAddress": "172.20.0.3"}}}}
    assert containers.address(inspected, "course-net") == "172.20.0.3"
    assert containers.address(inspected, "bridge") is None


class _Gate(http.server.BaseHTTPRequestHandler):
    calls = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        _Gate.calls.append((self.command, self.path, body))
        status, answer = {"POST": (201, {"Id": "c1"}), "GET": (404, {"message": "no such container"}),
                          "DELETE": (403, {"message": "quickhub gate: refused"})}[self.command]
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_POST = do_GET = do_DELETE = _answer

    def log_message(self, *args):
        pass


def test_the_gate_client_speaks_http_over_the_unix_socket(tmp_path):
    path = str(tmp_path / "gate.sock")
    server = socketserver.UnixStreamServer(path, _Gate)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        gate = containers.Gate(path, timeout=5)
        assert gate.create("course-user-user1", {"Image": IMAGE}) == "c1"
        assert gate.inspect("course-user-user1") is None
        with pytest.raises(containers.GateError, match="quickhub gate: refused .HTTP 403"):
            gate.remove("course-user-user1")
        assert _Gate.calls[0] == ("POST", "/containers/create?name=course-user-user1", {"Image": IMAGE})
        assert _Gate.calls[2] == ("DELETE", "/containers/course-user-user1?force=true", None)
    finally:
        server.shutdown()
        server.server_close()


def test_strays_are_user_containers_from_before_the_start_that_the_hub_does_not_serve():
    def listed(name, created, user=None):
        labels = {"quickhub.hub": "course", **({"quickhub.user": user} if user else {})}
        return {"Id": "id-" + name, "Names": ["/" + name], "Created": created, "Labels": labels}
    engine = [
        listed("course-gate", 100),
        listed("course-user-ann", 100, "ann"),      # the hub serves it: reattached
        listed("course-user-bob", 100, "bob"),      # unknown to the hub: a stray
        listed("course-user-cy", 200, "cy"),        # made since the start: the hub's own
        listed("course-user-dee", 199, "dee"),      # unknown, just before the start
    ]
    # Removed by id: a new container of the same name, made after the list, is another id.
    assert containers.strays(engine, {"ann"}, 200) == [
        ("id-course-user-bob", "course-user-bob", "bob", 100),
        ("id-course-user-dee", "course-user-dee", "dee", 199)]
    assert containers.strays(engine, {"ann", "bob", "dee"}, 200) == []


def test_a_token_newer_than_the_removed_container_stays(tmp_path):
    root = tmp_path / "servers"
    containers.write_token("bob", os.getuid(), os.getgid(), "new", root=str(root))
    token = root / "bob" / "token"
    os.utime(token, (1000.5, 1000.5))
    containers.remove_token("bob", root=str(root), not_after=999)  # a stray made before it
    assert token.read_text() == "new"
    containers.remove_token("bob", root=str(root), not_after=1000)  # its own container's
    assert not token.exists()


class _Missing(http.server.BaseHTTPRequestHandler):
    def do_DELETE(self):
        data = b'{"message": "No such container"}'
        self.send_response(404)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_remove_says_whether_it_removed_a_container(tmp_path):
    path = str(tmp_path / "gate.sock")
    server = socketserver.UnixStreamServer(path, _Missing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert containers.Gate(path, timeout=5).remove("0123abcd") is False
    finally:
        server.shutdown()
        server.server_close()


class _BeingRemoved(http.server.BaseHTTPRequestHandler):
    inspections = 0

    def _send(self, status, doc):
        data = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_DELETE(self):
        self._send(409, {"message": "removal of container course-user-user1 is already in progress"})

    def do_GET(self):
        _BeingRemoved.inspections += 1
        if _BeingRemoved.inspections < 3:
            self._send(200, {"State": {"Status": "removing"}})
        else:
            self._send(404, {"message": "No such container"})

    def log_message(self, *args):
        pass


def test_a_removal_already_under_way_is_waited_for(tmp_path):
    path = str(tmp_path / "gate.sock")
    server = socketserver.UnixStreamServer(path, _BeingRemoved)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        gate = containers.Gate(path, timeout=5)
        gate.remove_gone("course-user-user1")
        assert _BeingRemoved.inspections == 3
        _BeingRemoved.inspections = -1000  # never gone: the wait ends with one sentence
        with pytest.raises(containers.GateError, match="still being removed after 1 s"):
            gate.remove_gone("course-user-user1", wait=1)
    finally:
        server.shutdown()
        server.server_close()
