# JupyterHub configuration of quickhub. It lives in the image (not in /etc, which is a volume),
# so a rebuilt image's configuration takes effect on the next start.
import os
import pwd
import shutil
import sys

sys.path.insert(0, "/opt/quickhub/lib")
import quickhub_accounts as accounts  # noqa: E402

c = get_config()  # noqa: F821 - provided by JupyterHub

STATE = "/srv/quickhub"

c.JupyterHub.bind_url = "http://:8000"
c.JupyterHub.db_url = f"sqlite:///{STATE}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{STATE}/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.pid_file = f"{STATE}/jupyterhub-proxy.pid"

# Linux accounts log in through PAM, as in the original quick-jupyterhub.
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.service = "login"
c.Authenticator.allow_all = True
# Admin rights follow the Linux group, checked at each login ('quickhub users admin' changes it).
c.PAMAuthenticator.admin_groups = {accounts.ADMIN_GROUP}
# A user added in the admin panel becomes a Linux account with ~/notebook, locked until
# 'quickhub users passwd' gives it a password. JupyterHub appends the user name.
c.LocalAuthenticator.create_system_users = True
c.LocalAuthenticator.add_user_cmd = ["/opt/quickhub/bin/quickhub-users", "add", "--no-password"]

# Single-user servers: JupyterLab in ~/notebook, bash in terminals, no calls home.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~/notebook"
c.Spawner.environment = {
    "SHELL": "/bin/bash",
    "JUPYTER_CONFIG_PATH": "/opt/quickhub/jupyter",
}


def ensure_notebook_dir(spawner):
    """Every account gets ~/notebook, also those made by hand without one (the original failed here)."""
    user = pwd.getpwnam(spawner.user.name)
    notebook = os.path.join(user.pw_dir, "notebook")
    if not os.path.isdir(notebook):
        os.makedirs(notebook, exist_ok=True)
        shutil.chown(notebook, user.pw_uid, user.pw_gid)
        os.chmod(notebook, 0o755)


c.Spawner.pre_spawn_hook = ensure_notebook_dir
