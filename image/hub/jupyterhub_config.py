# JupyterHub configuration of quickhub. It lives in the image (not in /etc, which is a volume),
# so a rebuilt image's configuration takes effect on the next start.
import glob
import os
import sys

sys.path.insert(0, "/opt/quickhub/lib")
import quickhub_accounts as accounts  # noqa: E402
import quickhub_contract as contract  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quickhub_fixes  # noqa: E402
from quickhub_authenticator import QuickHubAuthenticator  # noqa: E402
from quickhub_container_spawner import ContainerSpawner  # noqa: E402
from quickhub_spawner import QUIET_YARN, Preloader, QuickHubSpawner  # noqa: E402

c = get_config()  # noqa: F821 - provided by JupyterHub

# What the launcher asked for (up's options), one JSON document.
config = contract.config()
STATE = contract.state_path("hub")

c.JupyterHub.bind_url = f"http://:{contract.HUB_PORT}"
# HTTPS with the certificate the launcher put on the srv volume (key mode 0600, root only).
if config.tls:
    c.JupyterHub.bind_url = f"https://:{contract.HUB_PORT}"
    c.JupyterHub.ssl_cert = contract.state_path("tls") + "/cert.pem"
    c.JupyterHub.ssl_key = contract.state_path("tls") + "/key.pem"
c.JupyterHub.db_url = f"sqlite:///{STATE}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{STATE}/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.pid_file = f"{STATE}/jupyterhub-proxy.pid"

# Linux accounts log in through PAM, as in the original quick-jupyterhub, with quickhub's own
# service (image/pam/quickhub): password and account checks only, no empty passwords.
c.JupyterHub.authenticator_class = QuickHubAuthenticator
c.PAMAuthenticator.service = "quickhub"
c.Authenticator.allow_all = True
# Admin rights follow the Linux group, checked at each login ('quickhub users admin' changes it).
c.PAMAuthenticator.admin_groups = {accounts.ADMIN_GROUP}
# Hub groups mirror Linux groups of people (a course's TA group, say): set at each login, and for
# everyone at hub start and after account changes (quickhub_groups.sync through the API).
c.Authenticator.manage_groups = True
quickhub_fixes.group_api_with_managed_groups()
# A user added in the admin panel becomes a Linux account with ~/notebook, locked until
# 'quickhub users passwd' gives it a password. JupyterHub appends the user name.
c.LocalAuthenticator.create_system_users = True
c.LocalAuthenticator.add_user_cmd = [contract.tool("quickhub-users"), "add", "--no-password"]

# A class logging in together waits in the spawner's queue instead of failing after 30 s. Servers
# are forked from a process that has already imported them (quickhub-preloader).
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 120
if config.servers == "container":
    # Each server in its own container on the hub's private network (quickhub_container_spawner):
    # they reach the hub's API by the hub container's name there.
    c.JupyterHub.spawner_class = ContainerSpawner
    c.ContainerSpawner.config_document = config
    c.JupyterHub.hub_ip = "0.0.0.0"
    c.JupyterHub.hub_connect_ip = config.hub
else:
    c.JupyterHub.spawner_class = QuickHubSpawner
    QuickHubSpawner.preloader = Preloader()

# quickhub's pages over JupyterHub's own (which they extend): a stopped server's page says why it
# ended.
c.JupyterHub.template_paths = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")]

# Single-user servers: JupyterLab in ~/notebook, bash in terminals, no calls home.
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~/notebook"
c.Spawner.environment = {
    "SHELL": "/bin/bash",
    "JUPYTER_CONFIG_PATH": contract.install_path("jupyter_config"),
    **QUIET_YARN,
}


# Every start makes ~/notebook, pip's user site folder and a link to each shared folder in the
# user's home (image/lib/quickhub_home.py), as the user: root never follows a path a user controls.
c.QuickHubSpawner.shares = config.shares

# In containers the engine holds each user's memory, CPUs and processes (quickhub_containers).
# Per-user memory: the local process spawner ignores mem_limit and this engine's cgroup v1 cannot
# be divided inside the container, so each process of a user's server (the server, each kernel)
# gets the limit as its data-segment rlimit (RLIMIT_DATA): an allocation past it fails with
# MemoryError in that process. The sum over a user's processes is not limited.
if config.user_memory and config.servers == "process":
    c.QuickHubSpawner.data_limit = config.user_memory
# Per-user processes: RLIMIT_NPROC of every server (pam_limits gives the same to runuser and su).
if config.user_pids and config.servers == "process":
    c.QuickHubSpawner.nproc_limit = config.user_pids

# quickhub's own service starts users' servers ('quickhub users start'); its token is made by the
# entrypoint in the hub's 0700 state folder.
with open(f"{STATE}/quickhub-service-token") as token:
    c.JupyterHub.services = [{"name": "quickhub", "api_token": token.read().strip()}]
c.JupyterHub.load_roles = [{
    "name": "quickhub",
    "scopes": ["list:users", "read:users", "admin:users", "read:servers", "servers", "admin:groups"],
    "services": ["quickhub"],
}]

# JupyterHub 5's sharing: users share their own servers with a user or a group by name, or by a
# share code, and list and revoke those shares; the admin role has every shares scope already.
c.JupyterHub.load_roles.append({
    "name": "user",
    "scopes": ["self", "shares!user", "read:users:name", "read:groups:name"],
})
quickhub_fixes.group_shares_for_tokens()

# Idle servers are stopped by quickhub's culler when asked (up --cull-idle); activity is reported
# often enough for the timeout.
if config.cull_idle:
    idle = config.cull_idle
    interval = max(5, min(300, idle // 3))
    c.JupyterHub.last_activity_interval = interval
    c.Spawner.environment["JUPYTERHUB_ACTIVITY_INTERVAL"] = str(interval)
    c.JupyterHub.services.append({
        "name": "idle-culler",
        "command": [sys.executable, contract.install_path("culler"), f"--timeout={idle}"],
    })
    c.JupyterHub.load_roles.append({
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    })

# The hub folder's own snippets (config.d/*.py), after all of the above and in name order, each
# run with this same c, as jupyterhub_config.d works. The README lists the settings above that
# quickhub relies on. Compiled under their own path, so an error names the snippet and its line.
for snippet in sorted(glob.glob(contract.install_path("config_d") + "/*.py")):
    with open(snippet) as source:
        code = compile(source.read(), snippet, "exec")
    exec(code, {"c": c, "get_config": lambda: c, "__file__": snippet})
