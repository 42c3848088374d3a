"""The gate's policy (image/lib/quickhub_gate.py): what the hub may ask the engine through HUB-gate.
Every refusal class of issue 21, each against the one user container that is allowed."""
import copy
import json
from urllib.parse import parse_qs, quote

import pytest

import quickhub_gate as gate
from quickhub_gate import Refused

POLICY = gate.Policy.parse(json.dumps({
    "hub": "h1", "image": "sha256:" + "a" * 64, "network": "h1-net",
    "volumes": {"home": "h1_home", "etc": "h1_etc", "srv": "h1_srv"},
    "shares": [{"type": "bind", "source": "/data/course", "target": "/srv/data", "read_only": True},
               {"type": "volume", "source": "h1_shared", "target": "/srv/shared",
                "read_only": False}],
    "limits": {"memory": 536870912, "cpus": 1.5, "pids": 256},
    "gpus": None,
}))
ACCOUNTS = gate.Accounts.parse(
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"
    "nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n"
    "sys1:x:999:999::/home/sys1:/bin/sh\n"
    "user1:x:1001:1001::/home/user1:/bin/bash\n"
    "user2:x:1002:1002::/home/user2:/bin/bash\n"
    "admin:x:1000:1000::/home/admin:/bin/bash\n",
    "root:x:0:\nsudo:x:27:admin\nusers:x:100:user1,user2\nuser1:x:1001:\nuser2:x:1002:\n"
    "admin:x:1000:\njupyterhub-admins:x:1010:admin\nc101:x:1100:user1\n")


def container(name="user1", uid=1001, gid=1001, groups=("100", "1100"), admin=False):
    """The user container the spawner makes, as the engine's API takes it."""
    return {
        "Image": POLICY.image,
        "User": f"{uid}:{gid}",
        "Entrypoint": [""],
        "Cmd": [gate.WRAPPER, "--port=8888"],
        "Env": ["JUPYTERHUB_USER=" + name, "HOME=/home/" + name,
                "QUICKHUB_TOKEN_FILE=/srv/quickhub/servers/" + name + "/token"],
        "WorkingDir": f"/home/{name}/notebook",
        "Hostname": name,
        "Labels": {"quickhub.hub": "h1", "quickhub.user": name},
        "ExposedPorts": {"8888/tcp": {}},
        "AttachStdout": False,
        "HostConfig": {
            "GroupAdd": list(groups),
            "Mounts": [
                {"Type": "volume", "Source": "h1_home", "Target": "/home", "ReadOnly": False},
                {"Type": "volume", "Source": "h1_etc", "Target": "/etc", "ReadOnly": True},
                {"Type": "volume", "Source": "h1_srv", "Target": "/srv/quickhub",
                 "ReadOnly": not admin},
                {"Type": "bind", "Source": "/data/course", "Target": "/srv/data", "ReadOnly": True},
                {"Type": "volume", "Source": "h1_shared", "Target": "/srv/shared"},
            ],
            "NetworkMode": "h1-net",
            "Memory": 536870912, "MemorySwap": 536870912, "NanoCpus": 1500000000,
            "PidsLimit": 256,
            "SecurityOpt": [] if admin else ["no-new-privileges"],
            "Privileged": False, "CapAdd": None, "Devices": [],
            "RestartPolicy": {"Name": "no"},
            "ReadonlyRootfs": False, "PortBindings": {},
        },
    }


def create(body, name="h1-user-user1", policy=POLICY):
    forward = gate.decide(policy, "POST", "/v1.43/containers/create?name=" + name)
    gate.check_create(policy, ACCOUNTS, forward.query, body)
    return forward


def refused(body, match, name="h1-user-user1", policy=POLICY):
    with pytest.raises(Refused, match=match):
        create(body, name, policy)


def changed(path, value, body=None):
    """The allowed container with one field set (None: removed)."""
    body = copy.deepcopy(body or container())
    *parents, last = path.split(".")
    doc = body
    for key in parents:
        doc = doc[key]
    if value is None:
        doc.pop(last, None)
    else:
        doc[last] = value
    return body


# --- the allowed calls --------------------------------------------------------------------------

def test_the_user_container_is_allowed():
    forward = create(container())
    assert forward.path == "/containers/create"  # the caller's old API version is not passed on
    assert parse_qs(forward.query) == {"name": ["h1-user-user1"]}


def test_an_admin_may_write_srv_and_keep_sudo():
    create(container("admin", 1000, 1000, ("27", "1010"), admin=True), "h1-user-admin")


def test_nulls_and_empty_defaults_count_as_absent():
    body = container()
    body["HostConfig"].update({"Binds": None, "CapAdd": [], "PidMode": "", "Sysctls": {}})
    body.update({"Volumes": None, "Domainname": "", "NetworkingConfig": None})
    create(body)


def test_the_entrypoint_is_reset_or_the_wrapper():
    refused(changed("Entrypoint", [gate.WRAPPER]), "Entrypoint")
    refused(changed("Entrypoint", None), "Entrypoint")
    refused(changed("Entrypoint", ["/bin/sh", "-c"]), "Entrypoint")


@pytest.mark.parametrize("path", ["/_ping", "/v1.41/_ping", "/version", "/v1.43/version"])
def test_ping_and_version(path):
    assert gate.decide(POLICY, "GET", path).target is None


@pytest.mark.parametrize("method,path,action", [
    ("POST", "/containers/h1-user-user1/start", "/start"),
    ("POST", "/v1.43/containers/abc123/stop?t=5", "/stop"),
    ("POST", "/containers/h1-user-user1/kill?signal=SIGKILL", "/kill"),
    ("POST", "/containers/h1-user-user1/wait?condition=not-running", "/wait"),
    ("DELETE", "/containers/h1-user-user1?force=1&v=1", ""),
    ("GET", "/containers/h1-user-user1/json", "/json"),
    ("GET", "/containers/h1-user-user1/logs?follow=1&stdout=1&stderr=1&tail=100", "/logs"),
])
def test_container_calls_name_their_target(method, path, action):
    forward = gate.decide(POLICY, method, path)
    assert forward.path == "/containers/{id}" + action
    assert forward.target in ("h1-user-user1", "abc123")


def test_the_list_is_filtered_to_this_hub():
    filters = quote(json.dumps({"label": ["quickhub.user=user1"]}))
    forward = gate.decide(POLICY, "GET", "/v1.43/containers/json?all=1&filters=" + filters)
    labels = json.loads(parse_qs(forward.query)["filters"][0])["label"]
    assert labels == ["quickhub.user=user1", "quickhub.hub=h1"]
    bare = gate.decide(POLICY, "GET", "/containers/json")
    assert json.loads(parse_qs(bare.query)["filters"][0]) == {"label": ["quickhub.hub=h1"]}


def test_the_older_label_filter_form_is_kept_and_filtered():
    filters = quote(json.dumps({"label": {"a=b": True}}))
    forward = gate.decide(POLICY, "GET", "/containers/json?filters=" + filters)
    assert json.loads(parse_qs(forward.query)["filters"][0])["label"] == ["a=b", "quickhub.hub=h1"]


def inspected(name="/h1-user-user1", **labels):
    return {"Id": "f" * 64, "Name": name, "Config": {"Labels": labels}}


def test_a_user_container_of_this_hub_is_a_target():
    gate.check_target(POLICY, inspected(**{"quickhub.hub": "h1", "quickhub.user": "user1"}))


@pytest.mark.parametrize("target", [
    inspected("/other", foo="bar"),                                          # foreign
    inspected("/h2-user-user1", **{"quickhub.hub": "h2", "quickhub.user": "user1"}),  # other hub
    inspected("/h1", **{"quickhub.hub": "h1"}),                              # the hub itself
    inspected("/h1-gate", **{"quickhub.hub": "h1", "quickhub.gate": "true"}),  # the gate
    inspected("/h1-user-user2", **{"quickhub.hub": "h1", "quickhub.user": "user1"}),  # mislabelled
    inspected("/h1-user-x", **{"quickhub.hub": "h1", "quickhub.user": ""}),
    {"Id": "x", "Name": "/x", "Config": {"Labels": None}},
])
def test_other_containers_are_no_target(target):
    with pytest.raises(Refused):
        gate.check_target(POLICY, target)


# --- refused endpoints and path tricks ----------------------------------------------------------

@pytest.mark.parametrize("method,path", [
    ("POST", "/containers/h1-user-user1/exec"),
    ("POST", "/exec/abc/start"),
    ("POST", "/containers/h1-user-user1/attach?stream=1&stdin=1"),
    ("GET", "/containers/h1-user-user1/attach/ws"),
    ("POST", "/containers/h1-user-user1/update"),
    ("POST", "/containers/h1-user-user1/rename?name=h1"),
    ("PUT", "/containers/h1-user-user1/archive?path=/"),
    ("GET", "/containers/h1-user-user1/archive?path=/etc/shadow"),
    ("GET", "/containers/h1-user-user1/export"),
    ("POST", "/containers/prune"),
    ("POST", "/images/create?fromImage=alpine"),
    ("GET", "/images/json"),
    ("DELETE", "/images/sha256:abc"),
    ("POST", "/build"),
    ("POST", "/volumes/create"),
    ("GET", "/volumes"),
    ("DELETE", "/volumes/h1_home"),
    ("POST", "/networks/create"),
    ("POST", "/networks/h1-net/connect"),
    ("GET", "/info"),
    ("POST", "/swarm/init"),
    ("POST", "/services/create"),
    ("POST", "/plugins/pull"),
    ("GET", "/events"),
    ("POST", "/session"),
    ("GET", "/containers/create"),
    ("PUT", "/containers/create"),
    ("POST", "/containers/json"),
    ("POST", "/_ping"),
    ("GET", "/containers/h1-user-user1/start"),
    ("DELETE", "/containers/h1-user-user1/json"),
    # path tricks
    ("POST", "/v1.41/../containers/create"),
    ("POST", "/v1.41/containers/../images/create"),
    ("POST", "/containers/%2e%2e/images/create"),
    ("POST", "/containers/%2E%2E%2Fimages%2Fcreate"),
    ("GET", "/containers/h1-user-user1%2fexec"),
    ("POST", "//containers/create"),
    ("POST", "/containers//create"),
    ("POST", "/containers/create/"),
    ("POST", "/./containers/create"),
    ("POST", "/containers/./start"),
    ("GET", "/containers/../_ping"),
    ("POST", "/v2.0/containers/create"),
    ("POST", "/V1.41/containers/create"),
    ("POST", "containers/create"),
    ("POST", "http://engine/containers/create"),
    ("POST", "/containers/create#x"),
    ("POST", "/containers/-x/start"),
])
def test_other_calls_are_refused(method, path):
    with pytest.raises(Refused):
        gate.decide(POLICY, method, path)


@pytest.mark.parametrize("method,path", [
    ("POST", "/containers/create?name=h1-user-user1&platform=linux/arm64"),
    ("POST", "/containers/create?name=h1-user-user1&name=h1"),
    ("POST", "/containers/h1-user-user1/start?detachKeys=ctrl-x"),
    ("DELETE", "/containers/h1-user-user1?link=1"),
    ("GET", "/containers/h1-user-user1/json?size=1&size=0"),
    ("GET", "/containers/json?filters=notjson"),
    ("GET", "/containers/json?filters=%5B%5D"),
    ("GET", "/containers/json?filters=" + quote('{"label": "quickhub.hub=h2"}')),
    ("GET", "/_ping?x=1"),
])
def test_query_parameters_that_change_meaning_are_refused(method, path):
    with pytest.raises(Refused):
        gate.decide(POLICY, method, path)


# --- refused creates ----------------------------------------------------------------------------

@pytest.mark.parametrize("path,value,match", [
    ("HostConfig.Privileged", True, "Privileged"),
    ("HostConfig.CapAdd", ["SYS_ADMIN"], "CapAdd"),
    ("HostConfig.CapAdd", ["ALL"], "CapAdd"),
    ("HostConfig.Binds", ["/:/host"], "Binds"),
    ("HostConfig.Devices", [{"PathOnHost": "/dev/sda", "PathInContainer": "/dev/sda",
                             "CgroupPermissions": "rwm"}], "Devices"),
    ("HostConfig.DeviceRequests", [{"Count": -1, "Capabilities": [["gpu"]]}], "GPUs"),
    ("HostConfig.DeviceCgroupRules", ["a *:* rwm"], "DeviceCgroupRules"),
    ("HostConfig.PidMode", "host", "PidMode"),
    ("HostConfig.IpcMode", "host", "IpcMode"),
    ("HostConfig.UTSMode", "host", "UTSMode"),
    ("HostConfig.UsernsMode", "host", "UsernsMode"),
    ("HostConfig.CgroupnsMode", "host", "CgroupnsMode"),
    ("HostConfig.NetworkMode", "host", "NetworkMode"),
    ("HostConfig.NetworkMode", "bridge", "NetworkMode"),
    ("HostConfig.NetworkMode", "container:h1", "NetworkMode"),
    ("HostConfig.NetworkMode", None, "NetworkMode is missing"),
    ("HostConfig.PortBindings", {"8888/tcp": [{"HostPort": "80"}]}, "PortBindings"),
    ("HostConfig.PublishAllPorts", True, "PublishAllPorts"),
    ("HostConfig.SecurityOpt", ["apparmor=unconfined"], "SecurityOpt"),
    ("HostConfig.SecurityOpt", ["no-new-privileges", "seccomp=unconfined"], "SecurityOpt"),
    ("HostConfig.SecurityOpt", [], "SecurityOpt"),
    ("HostConfig.SecurityOpt", None, "SecurityOpt"),
    ("HostConfig.MaskedPaths", [], "MaskedPaths"),
    ("HostConfig.ReadonlyPaths", [], "ReadonlyPaths"),
    ("HostConfig.Sysctls", {"kernel.shm_rmid_forced": "1"}, "Sysctls"),
    ("HostConfig.Runtime", "runsc-debug", "Runtime"),
    ("HostConfig.VolumesFrom", ["h1"], "VolumesFrom"),
    ("HostConfig.CgroupParent", "/", "CgroupParent"),
    ("HostConfig.OomKillDisable", True, "OomKillDisable"),
    ("HostConfig.OomScoreAdj", -1000, "OomScoreAdj"),
    ("HostConfig.Ulimits", [{"Name": "nproc", "Soft": -1, "Hard": -1}], "Ulimits"),
    ("HostConfig.LogConfig", {"Type": "syslog", "Config": {}}, "LogConfig"),
    ("HostConfig.RestartPolicy", {"Name": "always"}, "RestartPolicy"),
    ("HostConfig.RestartPolicy", None, "RestartPolicy is missing"),
    ("HostConfig.Memory", 0, "Memory"),
    ("HostConfig.Memory", 2 ** 34, "Memory"),
    ("HostConfig.MemorySwap", -1, "MemorySwap"),
    ("HostConfig.NanoCpus", None, "NanoCpus"),
    ("HostConfig.PidsLimit", -1, "PidsLimit"),
    ("HostConfig.CpuShares", 100000, "CpuShares"),
    ("HostConfig.GroupAdd", ["0"], "GroupAdd"),
    ("HostConfig.GroupAdd", ["27"], "GroupAdd"),
    ("HostConfig.GroupAdd", ["sudo"], "GroupAdd"),
    ("HostConfig.GroupAdd", ["1010"], "GroupAdd"),
    ("HostConfig.Anything", 1, "Anything"),
    ("HostConfig", None, "HostConfig is missing"),
    ("Image", "sha256:" + "b" * 64, "Image"),
    ("Image", "alpine", "Image"),
    ("Image", None, "Image is missing"),
    ("User", "0:0", "User"),
    ("User", "0", "User"),
    ("User", "root", "User"),
    ("User", "user1", "User"),
    ("User", "1001", "User"),
    ("User", "1001:0", "User"),
    ("User", "1002:1002", "User"),
    ("User", None, "User is missing"),
    ("Cmd", ["/bin/sh", "-c", "id"], "Cmd"),
    ("Cmd", None, "Cmd is missing"),
    ("Env", ["JUPYTERHUB_API_TOKEN=secret"], "token"),
    ("Env", ["JPY_API_TOKEN=secret"], "token"),
    ("WorkingDir", "/", "WorkingDir"),
    ("Hostname", "h1", "Hostname"),
    ("Labels", {"quickhub.hub": "h1", "quickhub.user": "user2"}, "Labels"),
    ("Labels", {"quickhub.hub": "h2", "quickhub.user": "user1"}, "Labels"),
    ("Labels", {"quickhub.hub": "h1", "quickhub.user": "user1", "x": "y"}, "Labels"),
    ("Volumes", {"/data": {}}, "Volumes"),
    ("NetworkingConfig", {"EndpointsConfig": {"bridge": {}}}, "NetworkingConfig"),
    ("NetworkingConfig", {"EndpointsConfig": {"h1-net": {"IPAMConfig": {"IPv4Address": "1.2.3.4"}}}},
     "NetworkingConfig"),
    ("Healthcheck", {"Test": ["CMD", "true"]}, "Healthcheck"),
    ("Platform", "linux", "Platform"),
])
def test_a_create_with_one_field_changed_is_refused(path, value, match):
    refused(changed(path, value), match)


def mounts(*replacements, keep=lambda m: True):
    body = container()
    body["HostConfig"]["Mounts"] = [m for m in body["HostConfig"]["Mounts"] if keep(m)] + \
        list(replacements)
    return body


@pytest.mark.parametrize("mount,match", [
    ({"Type": "bind", "Source": "/", "Target": "/host"}, "/host"),
    ({"Type": "bind", "Source": "/", "Target": "/srv/data", "ReadOnly": True}, "/srv/data"),
    ({"Type": "bind", "Source": "/var/run/docker.sock", "Target": "/var/run/docker.sock"},
     "docker.sock"),
    ({"Type": "volume", "Source": "h1_gate", "Target": "/run/quickhub"}, "/run/quickhub"),
    ({"Type": "volume", "Source": "h2_home", "Target": "/home"}, "/home"),
    ({"Type": "volume", "Source": "h1_home", "Target": "/mnt"}, "/mnt"),
    ({"Type": "tmpfs", "Target": "/tmp"}, "/tmp"),
])
def test_an_undeclared_mount_is_refused(mount, match):
    refused(mounts(mount), match)


def test_a_declared_target_with_another_source_is_refused():
    body = mounts({"Type": "bind", "Source": "/etc", "Target": "/srv/data", "ReadOnly": True},
                  keep=lambda m: m["Target"] != "/srv/data")
    refused(body, "/srv/data")
    body = mounts({"Type": "bind", "Source": "/var/lib/docker/volumes/h1_home/_data",
                   "Target": "/home"}, keep=lambda m: m["Target"] != "/home")
    refused(body, "/home")


@pytest.mark.parametrize("target", ["/etc", "/srv/quickhub", "/srv/data"])
def test_read_only_mounts_stay_read_only(target):
    body = container()
    for mount in body["HostConfig"]["Mounts"]:
        if mount["Target"] == target:
            mount["ReadOnly"] = False
    refused(body, target)


def test_a_mount_twice_is_refused():
    body = container()
    body["HostConfig"]["Mounts"].append(dict(body["HostConfig"]["Mounts"][0]))
    refused(body, "twice")


def test_the_hubs_own_volumes_must_be_mounted():
    refused(mounts(keep=lambda m: m["Target"] != "/etc"), "must mount /etc")


def test_a_volume_driver_cannot_bind_a_host_folder():
    body = container()
    body["HostConfig"]["Mounts"][0]["VolumeOptions"] = {
        "DriverConfig": {"Name": "local", "Options": {"type": "none", "o": "bind", "device": "/"}}}
    refused(body, "VolumeOptions")
    body["HostConfig"]["Mounts"][0]["VolumeOptions"] = {"NoCopy": True}
    create(body)


def test_bind_propagation_is_refused():
    body = container()
    body["HostConfig"]["Mounts"][3]["BindOptions"] = {"Propagation": "rshared"}
    refused(body, "BindOptions")


@pytest.mark.parametrize("name", [
    "h1", "h1-gate", "h1-user-", "h2-user-user1", "h1-user-root", "h1-user-daemon",
    "h1-user-nobody", "h1-user-sys1", "h1-user-ghost", "h1-user-User1", "h1-user-user1/x",
])
def test_only_a_user_account_names_a_container(name):
    refused(container(), "named|account", name=name)


def test_another_users_name_with_your_uid_is_refused():
    refused(container(name="user2", uid=1001, gid=1001, groups=("100",)), "User",
            name="h1-user-user2")


def test_your_name_in_another_users_container_is_refused():
    refused(container(), "Hostname|WorkingDir|Labels|User", name="h1-user-user2")


def test_a_non_admin_may_not_write_srv_or_drop_no_new_privileges():
    admin_like = container()
    admin_like["HostConfig"]["SecurityOpt"] = []
    refused(admin_like, "SecurityOpt")
    writes_srv = container()
    writes_srv["HostConfig"]["Mounts"][2]["ReadOnly"] = False
    refused(writes_srv, "/srv/quickhub")


def test_without_limits_none_may_be_set():
    unlimited = POLICY._replace(memory=None, cpus=None, pids=None)
    body = container()
    for key in ("Memory", "MemorySwap", "NanoCpus", "PidsLimit"):
        del body["HostConfig"][key]
    create(body, policy=unlimited)
    body["HostConfig"]["PidsLimit"] = -1
    create(body, policy=unlimited)
    body["HostConfig"]["Memory"] = 1
    refused(body, "Memory", policy=unlimited)


GPU = [{"Driver": "", "Count": -1, "DeviceIDs": None, "Capabilities": [["gpu"]], "Options": {}}]


def test_gpus_only_when_the_hub_has_them():
    refused(changed("HostConfig.DeviceRequests", GPU), "no GPUs")
    all_gpus = POLICY._replace(gpus="all")
    create(changed("HostConfig.DeviceRequests", GPU), policy=all_gpus)
    create(container(), policy=all_gpus)
    two = POLICY._replace(gpus="2")
    refused(changed("HostConfig.DeviceRequests", GPU), "GPUs", policy=two)
    create(changed("HostConfig.DeviceRequests", [dict(GPU[0], Count=2, Driver="nvidia")]),
           policy=two)
    refused(changed("HostConfig.DeviceRequests", [dict(GPU[0], DeviceIDs=["0"])]), "GPUs",
            policy=all_gpus)
    refused(changed("HostConfig.DeviceRequests",
                    [dict(GPU[0], Capabilities=[["gpu", "compute", "utility", "video"]])]),
            "GPUs", policy=all_gpus)


def test_a_body_that_is_no_object_is_refused():
    for body in ([], "x", None, 1):
        refused(body, "JSON object")


def test_root_group_is_never_given_even_to_its_members():
    accounts = gate.Accounts.parse(
        "user1:x:1001:1001::/home/user1:/bin/bash\nrooty:x:1003:0::/home/rooty:/bin/sh\n",
        "root:x:0:user1\n")
    body = changed("HostConfig.GroupAdd", ["0"])
    with pytest.raises(Refused, match="GroupAdd"):
        gate.check_create(POLICY, accounts, "name=h1-user-user1", body)
    rooty = container("rooty", 1003, 0, ())
    with pytest.raises(Refused, match="account"):
        gate.check_create(POLICY, accounts, "name=h1-user-rooty", rooty)


def test_accounts_ignore_broken_lines():
    accounts = gate.Accounts.parse("bad\nx:x:notanumber:1::/:/bin/sh\nu:x:1005:1005::/:/bin/sh\n",
                                   "g\nc:x:1100:u,,v\n")
    assert list(accounts.users) == ["u"]
    assert accounts.group_ids(accounts.users["u"]) == {1100}


def test_no_hub_takes_the_names_of_another_hubs_user_containers():
    # Hub "a" with user "b-user-c" and hub "a-user-b" with user "c" would share a container name.
    for hub in ("a-user-b", "a-user"):
        policy = POLICY._replace(hub=hub)
        refused(container(), "'-user-'", name=policy.user_container("user1"), policy=policy)
    # Every hub name the rule lets through, with every user name, gives its own container name,
    # never another hub's own, gate or user container name.
    words = [""]
    for _ in range(4):
        words = sorted(set(words + [w + t for w in words for t in ("a", "-", "user", "-user-")]))
    names = [w for w in words if gate.USER_NAME.fullmatch(w) and not w.endswith("-")]
    hubs = [h for h in names if POLICY._replace(hub=h).owns_its_names()]
    assert "a-user" not in hubs and "a-user-a" not in hubs and "a-users" not in names
    users = names
    owner = {}
    for hub in hubs:
        owner.setdefault(hub, (hub, None))
        owner.setdefault(hub + "-gate", (hub, None))
    for hub in hubs:
        for user in users:
            name = f"{hub}-user-{user}"
            assert owner.setdefault(name, (hub, user)) == (hub, user), name


# --- keys the engine reads case-insensitively, nulls, and the body forwarded -------------------

@pytest.mark.parametrize("mutate", [
    lambda b: b.update(hostconfig=None),
    lambda b: b.update(hostConfig={}),
    lambda b: b["HostConfig"].update(securityopt=None, pidslimit=None),
    lambda b: b["HostConfig"].update(mounts=None),
    lambda b: b["HostConfig"].update(privileged=True),
    lambda b: b.update(image=None),
    lambda b: b["HostConfig"]["Mounts"][1].update(readonly=False),
], ids=["hostconfig-null", "hostConfig-empty", "securityopt-pidslimit-null", "mounts-null",
        "privileged", "image-null", "mount-readonly"])
def test_a_key_differing_only_by_case_is_refused_whatever_its_value(mutate):
    body = container()
    mutate(body)
    refused(body, "not allowed|may not set readonly")


@pytest.mark.parametrize("key", ["Bogus", "Unknown"])
def test_an_unknown_key_is_refused_even_when_null(key):
    refused(changed(key, None) | {key: None}, f"field {key} is not allowed")
    body = container()
    body["HostConfig"][key] = None
    refused(body, f"field HostConfig.{key} is not allowed")


def test_the_forwarded_body_holds_only_checked_fields():
    body = container()
    body["HostConfig"].update({"Binds": None, "Privileged": None})
    body["HostConfig"]["Mounts"][0]["Consistency"] = "default"
    body["HostConfig"]["Mounts"][4]["VolumeOptions"] = {"NoCopy": True}
    body["NetworkingConfig"] = {"EndpointsConfig": {"h1-net": {"Aliases": ["user1"],
                                                               "IPAMConfig": None}}}
    body["ExposedPorts"] = {"8888/tcp": {"HostPort": "80"}}
    body["Volumes"] = None
    forwarded = gate.check_create(POLICY, ACCOUNTS, "name=h1-user-user1", body)
    host = forwarded["HostConfig"]
    assert "Volumes" not in forwarded and "Binds" not in host and "Privileged" not in host
    assert host["Mounts"][0] == {"Type": "volume", "Source": "h1_home", "Target": "/home",
                                 "ReadOnly": False}
    assert host["Mounts"][4]["VolumeOptions"] == {"NoCopy": True}
    assert forwarded["NetworkingConfig"] == {"EndpointsConfig": {"h1-net": {"Aliases": ["user1"]}}}
    assert forwarded["ExposedPorts"] == {"8888/tcp": {}}
    assert host["SecurityOpt"] == ["no-new-privileges"] and host["PidsLimit"] == 256


def test_gpu_requests_are_forwarded_rebuilt():
    forwarded = gate.check_create(POLICY._replace(gpus="all"), ACCOUNTS, "name=h1-user-user1",
                                  changed("HostConfig.DeviceRequests", GPU))
    assert forwarded["HostConfig"]["DeviceRequests"] == [
        {"Driver": "", "Count": -1, "Capabilities": [["gpu"]]}]
