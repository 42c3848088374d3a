"""quickhub's passwords on Zero to JupyterHub: an authenticator that checks the accounts' exported
yescrypt hashes ('quickhub export z2jh'), read at each login from a Kubernetes Secret mounted into
the hub, so users keep their passwords and a changed Secret takes effect without a restart.

The export puts this file in config.yaml as hub.extraConfig, where the chart runs it with its
config object 'c'; it is also a module (tests, and the image at /opt/quickhub/k8s). Python's
standard library and the system's libcrypt (through ctypes: Python 3.13 has no crypt module) only.
"""
import asyncio
import ctypes
import hmac

# The Secret's file: one 'NAME:HASH' line per account, as in /etc/shadow.
PASSWORDS = "/etc/quickhub-passwords/passwords"
# libxcrypt's struct crypt_data: crypt_r keeps its state there, so logins may run in threads.
_CRYPT_DATA_SIZE = 32768
# Checked for unknown names too, so the time taken does not tell which names exist.
_DUMMY = "$y$j9T$quickhubquickhubquick/"

_libcrypt = ctypes.CDLL("libcrypt.so.1")
_libcrypt.crypt_r.restype = ctypes.c_char_p
_libcrypt.crypt_r.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p]


def crypt(password, setting):
    """The hash of PASSWORD with SETTING's method and salt, or None when libcrypt refuses."""
    data = ctypes.create_string_buffer(_CRYPT_DATA_SIZE)
    result = _libcrypt.crypt_r(password.encode(), setting.encode(), data)
    # libxcrypt answers a failure with a string starting with '*' rather than NULL.
    if not result or result.startswith(b"*"):
        return None
    return result.decode()


def verify(password, stored):
    """True when PASSWORD hashes to STORED; a locked or empty hash ('!', '*', '') never matches,
    nor does a password with a NUL (libcrypt would see only the part before it)."""
    if not stored or stored[0] in "!*" or "\0" in password:
        crypt(password, _DUMMY)
        return False
    computed = crypt(password, stored)
    return computed is not None and hmac.compare_digest(computed.encode(), stored.encode())


def read_hashes(path=PASSWORDS):
    """NAME -> HASH from the Secret's file."""
    hashes = {}
    with open(path) as file:
        for line in file:
            name, sep, stored = line.rstrip("\n").partition(":")
            if sep and name:
                hashes[name] = stored
    return hashes


try:
    from jupyterhub.auth import Authenticator
except ImportError:  # outside a hub (tests): the checks alone, on a plain base class
    Authenticator = object


class QuickHubPasswords(Authenticator):
    """Logs in the exported accounts with their current passwords."""

    passwords_file = PASSWORDS

    async def authenticate(self, handler, data):
        name, password = data.get("username", ""), data.get("password", "")
        stored = read_hashes(self.passwords_file).get(name, "")
        # yescrypt takes a while on purpose: off the hub's event loop.
        ok = await asyncio.get_running_loop().run_in_executor(None, verify, password, stored)
        return name if ok else None


if "c" in globals():  # run by the chart as hub.extraConfig
    globals()["c"].JupyterHub.authenticator_class = QuickHubPasswords
