"""The image contract (image/contract.json through image/lib/quickhub_contract.py) and the one
configuration document the launcher hands to the container, on the host's Python."""
import importlib.util
import json
import os
import pathlib

import pytest

IMAGE = pathlib.Path(__file__).resolve().parents[3] / "image"
spec = importlib.util.spec_from_file_location("quickhub_contract", IMAGE / "lib" / "quickhub_contract.py")
contract = importlib.util.module_from_spec(spec)
spec.loader.exec_module(contract)

SAMPLE = {
    "shares": [
        {"name": "shared", "path": "/srv/shared", "access": "read-only", "writers": "jupyterhub-admins"},
        {"name": "data", "path": "/srv/data", "access": "host"},
    ],
    "user_memory": 536870912,
    "user_pids": 512,
    "cull_idle": 1200,
    "tls": True,
    "http_redirect_to": 8443,
}


def environ(document):
    return {contract.CONFIG_VARIABLE: document if isinstance(document, str) else json.dumps(document)}


def test_the_contract_loads_from_the_image_folder():
    assert contract.FILE == IMAGE / "contract.json"
    assert contract.INSTALL_ROOT == "/opt/quickhub"
    assert contract.HUB_PORT == 8000 and contract.HTTP_PORT == 8080
    assert contract.ADMIN_GROUP == "jupyterhub-admins"
    assert contract.CONFIG_VARIABLE == "QUICKHUB_CONFIG"
    assert contract.tool("quickhub-users") == "/opt/quickhub/bin/quickhub-users"
    assert contract.state_path("tls") == "/srv/quickhub/tls"
    assert contract.volume("home") == "/home"


def test_declared_paths_and_tools_are_in_the_image():
    """What the contract names under the install root is what the image is made of (image/ goes to
    the install root; the seed list comes from users/; config_d from a hub folder's config.d/, when
    it has one, and never from image/, whose layer would clash with it)."""
    declared = json.loads(contract.FILE.read_text())
    for name, relative in declared["install_paths"].items():
        if name == "config_d":
            assert not (IMAGE / relative).exists(), name
            continue
        source = IMAGE.parent / relative if relative.startswith("users/") else IMAGE / relative
        assert source.exists(), name
    for tool in declared["tools"]:
        assert os.access(IMAGE / "bin" / tool, os.X_OK), tool
    assert contract.install_path("lib") == contract.INSTALL_ROOT + "/" + pathlib.Path(contract.__file__).parent.name
    with pytest.raises(KeyError):
        contract.tool("rm")


@pytest.mark.parametrize("name", ["a", "_x", "user1", "course-2", "a_b-c", "a" * 32])
def test_names_that_follow_the_rule(name):
    assert contract.is_user_name(name)


@pytest.mark.parametrize("name", ["", "1user", "-a", "Alice", "a.b", "a b", "a" * 33, "alice\n", "\nalice", None, 7])
def test_names_that_do_not(name):
    assert not contract.is_user_name(name)


def test_the_rule_in_words_gives_the_length():
    assert f"1 to {contract.NAME_MAX_LENGTH} " in contract.NAME_RULE


def test_config_parses_the_launchers_document():
    config = contract.config(environ(SAMPLE))
    assert config.shares == SAMPLE["shares"]
    assert (config.user_memory, config.user_pids, config.cull_idle) == (536870912, 512, 1200)
    assert config.tls is True and config.http_redirect_to == 8443


def test_config_of_unset_options():
    empty = {"shares": [], "user_memory": None, "user_pids": None, "cull_idle": None, "tls": False,
             "http_redirect_to": None}
    assert contract.config(environ(empty)) == contract.Config()
    assert contract.config({}) == contract.Config()


@pytest.mark.parametrize("document, problem", [
    ("{not json", "is not JSON"),
    ("[1, 2]", "is not a JSON object"),
    ({"user_pids": "512"}, "user_pids is '512', not a positive whole number"),
    ({"user_memory": 0}, "user_memory is 0"),
    ({"cull_idle": True}, "cull_idle is True"),
    ({"http_redirect_to": 70000}, "not a positive whole number up to 65535"),
    ({"tls": "1"}, "tls is '1', not true or false"),
    ({"shares": {}}, "shares is {}, not a list"),
    ({"shares": [{"name": "s", "path": "srv/s", "access": "read-only", "writers": "staff"}]}, "absolute path"),
    ({"shares": [{"name": "s", "path": "/srv/s", "access": "read-only", "writers": "Bad"}]}, "writers group"),
    ({"shares": [{"name": "s", "path": "/srv/s", "access": "public"}]}, "an access"),
    ({"user_pid": 5}, "unknown settings: user_pid"),
])
def test_config_refuses_a_malformed_document_with_one_sentence(document, problem):
    with pytest.raises(contract.ConfigError) as refused:
        contract.config(environ(document))
    message = str(refused.value)
    assert message.startswith(contract.CONFIG_VARIABLE) and problem in message
    assert "\n" not in message


CONTAINERS = dict(
    SAMPLE, servers="container", hub="course", image="sha256:" + "ab" * 32, network="course-net",
    volumes={"home": "course_home", "etc": "course_etc", "srv": "course_srv", "shared": "course_shared"},
    user_cpus=0.5,
    shares=[SAMPLE["shares"][0], dict(SAMPLE["shares"][1], source="/data/course", read_only=True)])


def test_servers_are_processes_unless_the_launcher_says_containers():
    assert contract.config(environ(SAMPLE)).servers == "process"
    values = contract.config(environ(CONTAINERS))
    assert values.servers == "container" and values.image == CONTAINERS["image"]
    assert values.volumes["home"] == "course_home" and values.user_cpus == 0.5
    assert values.gpus is None
    assert contract.config(environ(dict(CONTAINERS, gpus="all"))).gpus == "all"
    assert contract.config(environ(dict(CONTAINERS, gpus=2))).gpus == 2


@pytest.mark.parametrize("change, words", [
    ({"servers": "vm"}, "servers is 'vm'"),
    ({"image": "debian:trixie"}, "not an image id"),
    ({"hub": "../x"}, "not a hub's name"),
    ({"network": None}, "not a network's name"),
    ({"volumes": {"home": "course_home"}}, "home, etc and srv"),
    ({"volumes": dict(CONTAINERS["volumes"], home="/")}, "home, etc and srv"),
    ({"user_cpus": 0}, "not a number of CPUs"),
    ({"user_cpus": True}, "not a number of CPUs"),
    ({"gpus": 0}, "not all or a number of GPUs"),
    ({"gpus": "2"}, "not all or a number of GPUs"),
    ({"gpus": True}, "not all or a number of GPUs"),
    ({"shares": SAMPLE["shares"]}, "needs its source"),
    ({"volumes": {k: v for k, v in CONTAINERS["volumes"].items() if k != "shared"}}, "has no volume"),
])
def test_container_settings_are_checked(change, words):
    with pytest.raises(contract.ConfigError, match=words):
        contract.config(environ(dict(CONTAINERS, **change)))
