# Settings for every user's server (found through JUPYTER_CONFIG_PATH, set by the hub).
c = get_config()  # noqa: F821 - provided by Jupyter

c.ServerApp.terminado_settings = {"shell_command": ["/bin/bash", "-l"]}
# No news feed or update checks: a hub must not call out from the users' browsers.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
# notebook_shim (enabled by Debian's package) only serves classic-notebook extensions, which this
# image has none of; loading it imports IPython into every server (0.3 CPU-seconds each).
c.ServerApp.jpserver_extensions = {"notebook_shim": False}
