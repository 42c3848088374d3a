"""Test only: the chart's hub, run by JupyterHub in quickhub's image. The chart's own hub
configuration (chart 4.4.0's, beside it) runs with the exported values; around it, only what the
chart's hub image and its other pods provide here: tornado's own HTTP client for the curl one (no
pycurl in this image), a stand-in for kubernetes_asyncio, and the proxy in the hub's container
(the chart's proxy pod)."""
import sys
import types

from tornado.simple_httpclient import SimpleAsyncHTTPClient

c = get_config()  # noqa: F821 - provided by JupyterHub

curl = types.ModuleType("tornado.curl_httpclient")
curl.CurlAsyncHTTPClient = SimpleAsyncHTTPClient
sys.modules["tornado.curl_httpclient"] = curl
kubernetes = types.ModuleType("kubernetes_asyncio")
# Used for the cloud metadata block only, an init container KubeSpawner's stand-in does not run.
kubernetes.client = types.SimpleNamespace(
    V1Container=dict, V1SecurityContext=dict, V1Capabilities=dict)
sys.modules["kubernetes_asyncio"] = kubernetes

CHART = "/kube/chart/jupyterhub_config.py"
with open(CHART) as source:
    exec(compile(source.read(), CHART, "exec"), {"get_config": lambda: c, "__file__": CHART})

c.ConfigurableHTTPProxy.should_start = True
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:8001"
