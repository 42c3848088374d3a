"""Test only: what the chart's hub image gives its configuration (its z2jh module), here from the
chart's defaults with the exported config.yaml merged over them as helm merges values, and the
names the chart's Services have (the test network's aliases)."""
import os
import secrets

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def _merge(defaults, given):
    """Helm's merge: maps key by key, null removes the default, anything else replaces it."""
    out = dict(defaults)
    for key, value in given.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _values():
    with open(os.path.join(HERE, "values.yaml")) as defaults, open("/kube/config.yaml") as given:
        values = _merge(yaml.safe_load(defaults), yaml.safe_load(given))
    values["Chart"] = {"Name": "jupyterhub", "Version": "4.4.0"}
    values["Release"] = {"Name": os.environ.get("POD_NAMESPACE", "quickhub")}
    return values


_VALUES = _values()
# The chart's generated secrets (cookie secret, CryptKeeper keys): random, as helm makes them.
_SECRETS = {}


def get_config(key, default=None):
    value = _VALUES
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return default
        value = value[part]
    return default if value is None else value


def set_config_if_not_none(cparent, name, key):
    value = get_config(key)
    if value is not None:
        setattr(cparent, name, value)


def get_name(name):
    return name


def get_name_env(name, suffix=""):
    return os.environ[name.upper().replace("-", "_") + suffix]


def get_secret_value(key, default="never-set"):
    if key not in _SECRETS:
        _SECRETS[key] = secrets.token_hex(32) if default == "never-set" else default
    return _SECRETS[key]
