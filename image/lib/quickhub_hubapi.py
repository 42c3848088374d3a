"""The hub's REST API as quickhub's own hub service (named "quickhub" in jupyterhub_config.py), for
the tools that run as root in the hub's container. The service's token is in a root-only file."""
import json
import urllib.error
import urllib.parse
import urllib.request

API = "http://127.0.0.1:8081/hub/api"
TOKEN_FILE = "/srv/quickhub/hub/quickhub-service-token"

# What a call raises when the hub does not answer at all (HTTPError, a subclass, is an answer).
NO_ANSWER = (urllib.error.URLError, OSError)


def read_token():
    """The service's token; OSError when the entrypoint has not made it yet."""
    with open(TOKEN_FILE) as f:
        return f.read().strip()


def user_path(name, rest=""):
    return f"/users/{urllib.parse.quote(name)}{rest}"


def call(method, path, token, body=None, headers=None):
    """(status, decoded JSON body or None); BODY is sent as JSON (the group API's DELETE has one too).
    Raises urllib.error.HTTPError for 4xx and 5xx."""
    request = urllib.request.Request(
        API + path, method=method, headers={"Authorization": f"token {token}", **(headers or {})})
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = response.read()
        return response.status, json.loads(answer) if answer else None


def listing(path, token):
    """Every item of a hub listing (/users, /groups), page by page: asked without pagination, the hub
    answers with its first 200 items only."""
    offset = 0
    while True:
        _, page = call("GET", f"{path}?offset={offset}&limit=200", token,
                       headers={"Accept": "application/jupyterhub-pagination+json"})
        yield from page["items"]
        following = page["_pagination"].get("next")
        if not following:
            return
        offset = following["offset"]


def message(error):
    """The hub's own words for a refusal (its JSON 'message'), else the HTTP reason."""
    try:
        return json.loads(error.read()).get("message") or error.reason
    except (ValueError, AttributeError, OSError):
        return error.reason
