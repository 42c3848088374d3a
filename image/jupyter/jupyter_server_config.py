# Settings for every user's server (found through JUPYTER_CONFIG_PATH, set by the hub).
c = get_config()  # noqa: F821 - provided by Jupyter

c.ServerApp.terminado_settings = {"shell_command": ["/bin/bash", "-l"]}
# No news feed or update checks: a hub must not call out from the users' browsers.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
# notebook_shim (enabled by Debian's package) only serves classic-notebook extensions, which this
# image has none of; loading it imports IPython into every server (0.3 CPU-seconds each).
c.ServerApp.jpserver_extensions = {"notebook_shim": False}
# A server keeps the hub's answer about a token or login cookie for this long (JupyterHub's default
# is 300 s), and a revoked share keeps working until it expires: 10 s makes a revoke hold within
# seconds, at the cost of one hub request per open browser tab every 10 s.
c.HubAuth.cache_max_age = 10
# The user's own JupyterLab settings and workspaces (~/.jupyter/lab): LabApp's defaults for them are
# computed when jupyterlab is imported, which quickhub-preloader does as root, before it forks each
# user's server; left so, saving a setting failed on /root/.jupyter. Read again here, as the user.
import jupyterlab.commands  # noqa: E402
from jupyterlab.commands import get_user_settings_dir, get_workspaces_dir  # noqa: E402

c.LabApp.user_settings_dir = get_user_settings_dir()
c.LabApp.workspaces_dir = get_workspaces_dir()
# Importing labapp asks yarn for its npm registry: Debian's wrapper starts node to run $YARNCOMMAND,
# which the hub sets to 'true' (the image has no yarn), so the answer is always empty. Given at
# once here: that node cost 0.2 CPU-seconds in the start of every server not forked from the
# preloader, i.e. of each server in its own container.
jupyterlab.commands._yarn_config = lambda logger: {"yarn config": {}, "npm config": {}}
