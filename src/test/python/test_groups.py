"""Which Linux groups become hub groups, and the API calls that make the hub match
(image/lib/quickhub_groups.py), from account data given here: no root, no hub."""
import quickhub_groups as groups
from quickhub_groups import Account, Group

ACCOUNTS = [
    Account("root", 0, 0),
    Account("www-data", 33, 33),
    Account("nobody", 65534, 65534),
    Account("admin", 1000, 1000),
    Account("s1", 1001, 1001),
    Account("ta1", 1002, 1002),
    Account("s3", 1003, 1003),
    Account("guest", 1004, 1100),  # an adopted account whose primary group is a course
]
GROUPS = [
    Group("root", 0),
    Group("sudo", 27, ("admin",)),
    Group("users", 100, ("s1", "s3")),
    Group("www-data", 33),
    Group("admin", 1000),
    Group("s1", 1001),
    Group("ta1", 1002),
    Group("s3", 1003),
    Group("jupyterhub-admins", 1010, ("admin",)),
    Group("c101-ta", 1011, ("ta1",)),
    Group("c101", 1100, ("s1", "s3", "gone")),
    Group("services", 1200, ("www-data", "nobody")),
    Group("empty", 1201),
]


def mirror():
    return groups.mirrored(GROUPS, ACCOUNTS)


def test_groups_of_people_are_mirrored_with_their_members():
    assert mirror() == {
        "jupyterhub-admins": ["admin"],
        "c101-ta": ["ta1"],
        "c101": ["guest", "s1", "s3"],
    }


def test_private_system_and_memberless_groups_are_not():
    left_out = {"root", "sudo", "users", "www-data", "admin", "s1", "ta1", "s3", "services", "empty"}
    assert not left_out & set(mirror())


def test_a_group_named_like_an_account_but_not_its_own_is_mirrored():
    other = Group("s1", 1300, ("ta1",))  # s1's primary group is 1001
    assert groups.mirrored([other], ACCOUNTS) == {"s1": ["ta1"]}


def test_the_ranges_come_from_login_defs():
    assert groups.mirrored(GROUPS, ACCOUNTS, uids=(1002, 1003), gids=(1011, 1100)) == {
        "c101-ta": ["ta1"],
        "c101": ["s3"],
    }


def test_a_users_groups():
    assert groups.groups_of("s1", mirror()) == ["c101"]
    assert groups.groups_of("ta1", mirror()) == ["c101-ta"]
    assert groups.groups_of("nobody", mirror()) == []


def test_a_fresh_hub_gets_users_and_groups():
    calls = groups.plan({"c101-ta": ["ta1"], "c101": ["s1", "s3"]}, {}, ["s1"])
    assert [call[:3] for call in calls] == [
        ("POST", "/users", {"usernames": ["s3", "ta1"]}),
        ("POST", "/groups/c101", {}),
        ("POST", "/groups/c101/users", {"users": ["s1", "s3"]}),
        ("POST", "/groups/c101-ta", {}),
        ("POST", "/groups/c101-ta/users", {"users": ["ta1"]}),
    ]
    assert [call[3] for call in calls] == [
        "new hub users s3 ta1",
        "new hub group c101",
        "c101 + s1 s3",
        "new hub group c101-ta",
        "c101-ta + ta1",
    ]


def test_members_are_added_and_removed_and_groups_that_mirror_nothing_emptied():
    hub = {"c101-ta": ["s3", "ta1"], "made-in-the-hub": ["s1"], "old": []}
    calls = groups.plan({"c101-ta": ["ta1", "ta2"]}, hub, ["s1", "s3", "ta1", "ta2"])
    assert [call[:3] for call in calls] == [
        ("POST", "/groups/c101-ta/users", {"users": ["ta2"]}),
        ("DELETE", "/groups/c101-ta/users", {"users": ["s3"]}),
        ("DELETE", "/groups/made-in-the-hub/users", {"users": ["s1"]}),
    ]


def test_a_hub_that_matches_needs_no_call():
    assert groups.plan({"c101-ta": ["ta1"]}, {"c101-ta": ["ta1"], "old": []}, ["ta1"]) == []


def test_names_are_quoted_in_paths():
    calls = groups.plan({"a b": ["x"]}, {}, ["x"])
    assert calls[0][1] == "/groups/a%20b"
