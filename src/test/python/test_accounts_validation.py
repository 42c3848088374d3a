"""The account rules of the image's quickhub_accounts.py (pure parts), on the host's Python."""
import importlib.util
import pathlib
import re

import pytest

LIB = pathlib.Path(__file__).resolve().parents[3] / "image" / "lib" / "quickhub_accounts.py"
spec = importlib.util.spec_from_file_location("quickhub_accounts", LIB)
accounts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(accounts)

CONTROLS = ["\r", "\n", "\x00", "\x1b", "\x7f", "\x85", "\t"]
PRIVILEGED = ["root", "shadow", "disk", "docker", "kmem", "tty", "adm", "staff"]


def seed(tmp_path, text):
    path = tmp_path / "seed.csv"
    path.write_text(text, newline="")
    return accounts.read_seed(str(path))


def refusal(tmp_path, text):
    with pytest.raises(SystemExit) as refused:
        seed(tmp_path, text)
    return str(refused.value.code)


@pytest.mark.parametrize("name", ["alice\n", "alice\r", "alice\r\n", "\nalice", "root", "Alice", "a" * 33, ""])
def test_names_match_whole(name):
    assert not accounts.is_valid_name(name)


def test_good_names():
    assert accounts.is_valid_name("alice")
    assert accounts.is_valid_name("_svc-2")
    assert not accounts.is_valid_name(None)


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("field", ["username", "full_name"])
def test_control_characters_in_a_row_are_refused(control, field):
    row = {"username": "alice", "full_name": "Alice", "groups": ["course"], "admin": False}
    row[field] = row[field][:2] + control + row[field][2:]
    problem = accounts.row_problem(**row)
    assert problem == f"{field} {row[field]!r} contains a control character"
    assert control not in problem


@pytest.mark.parametrize("control", CONTROLS)
def test_control_characters_in_a_group_are_refused(control):
    problem = accounts.row_problem("alice", "", ["course" + control], False)
    assert "is not a valid group name" in problem
    assert control not in problem


@pytest.mark.parametrize("group", PRIVILEGED)
@pytest.mark.parametrize("admin", [False, True])
def test_privileged_groups_are_refused_even_for_admins(group, admin):
    assert accounts.group_problem(group, admin).startswith(f"'{group}' is a privileged group")


@pytest.mark.parametrize("group", ["sudo", "jupyterhub-admins"])
def test_admin_only_groups_need_admin(group):
    assert "for hub admins only" in accounts.group_problem(group, False)
    assert accounts.group_problem(group, True) is None
    assert accounts.row_problem("teach", "", [group], True) is None


def test_lists_match_the_launchers():
    java = (LIB.parents[2] / "quickhub-core/src/main/java/dev/quickhub/users/Groups.java").read_text()

    def listed(constant):
        return tuple(re.findall(r'"([^"]+)"', re.search(constant + r" =\s*List\.of\(([^)]*)\)", java).group(1)))

    assert listed("PRIVILEGED") == accounts.PRIVILEGED_GROUPS == tuple(PRIVILEGED)
    # Both sides take the admin group itself from the contract.
    assert listed("ADMIN_ONLY") + (accounts.ADMIN_GROUP,) == accounts.ADMIN_ONLY_GROUPS


def test_group_names_follow_the_user_name_rule():
    assert accounts.group_problem("course-2", False) is None
    assert "not a valid group name" in accounts.group_problem("Course", False)
    assert "not a valid group name" in accounts.group_problem("course\n", False)
    assert "not a valid group name" in accounts.group_problem(7, False)


def test_seed_list_is_read(tmp_path):
    rows = seed(tmp_path, 'username,full_name,groups,admin\r\nadmin,"Doe, Jane",sudo;sudo course,true\r\nuser1,,,\r\n')
    assert rows == [
        {"username": "admin", "full_name": "Doe, Jane", "groups": ["sudo", "course"], "admin": True},
        {"username": "user1", "full_name": "", "groups": [], "admin": False},
    ]


def test_a_bad_seed_row_refuses_the_whole_list_by_line(tmp_path):
    message = refusal(tmp_path, 'username,full_name,groups,admin\nok,,,\n"bad\r",,,\nok2,,shadow,\nok3,,sudo,false\nok,,,\n')
    lines = message.splitlines()
    assert lines[0].endswith("line 3: username 'bad\\r' contains a control character.")
    assert "line 4: 'shadow' is a privileged group" in lines[1]
    assert "line 5: 'sudo' is for hub admins only" in lines[2]
    assert lines[3].endswith("line 6: 'ok' is listed twice.")
    assert lines[4] == "The seed list is refused; no seed account was made."
    assert "\r" not in message


@pytest.mark.parametrize("column", ["username", "full_name", "groups", "admin"])
def test_a_seed_control_character_in_any_column_is_refused(tmp_path, column):
    values = {"username": "alice", "full_name": "Alice", "groups": "course", "admin": "false"}
    values[column] = values[column] + "\r"
    row = ",".join(f'"{values[c]}"' for c in values)
    message = refusal(tmp_path, "username,full_name,groups,admin\n" + row + "\n")
    assert f"line 2: {column} " in message and "contains a control character" in message


@pytest.mark.parametrize(
    "gid, problem",
    [(0, "its gid 0 is a system group"), (27, "its gid 27 is a system group"),
     (42, "its gid 42 is a system group"), (70000, "its gid 70000 is a system group"),
     (1001, "its gid 1001 is the group course"), (1002, "its gid 1002 is the group jupyterhub-admins"),
     (1500, "its gid 1500 is the group kim")],
)
def test_a_home_whose_gid_is_another_group_is_refused(gid, problem):
    groups = {0: "root", 27: "sudo", 1001: "course", 1002: "jupyterhub-admins", 1500: "kim"}
    assert accounts.home_group_problem("lee", gid, groups) == problem


def test_a_home_with_its_own_group_or_a_free_gid_is_fine():
    assert accounts.home_group_problem("kim", 1500, {1500: "kim"}) is None
    assert accounts.home_group_problem("kim", 1777, {1500: "lee"}) is None


def test_passwords_with_line_breaks_are_never_set():
    with pytest.raises(SystemExit):
        accounts.set_passwords({"kim": "pw\nroot:x"})


@pytest.mark.parametrize("name", PRIVILEGED + ["sudo", "jupyterhub-admins"])
def test_a_user_is_never_named_after_a_privileged_group(name):
    # An account's own group has its name, and a primary group counts as membership.
    assert not accounts.is_valid_name(name)


def test_system_groups_are_refused_but_sudo_stays_for_admins():
    # utmp and mail exist on every Debian system; their members may write system files.
    for group in ("utmp", "mail"):
        assert "is a system group" in accounts.group_problem(group, False)
    assert accounts.group_problem("sudo", True) is None
