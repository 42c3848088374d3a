"""quickhub's authenticator: PAM logins as before, and with each login the user's hub groups follow
their Linux groups (quickhub_groups.py), so a course's TA group can be given a share."""
import sys

from jupyterhub.auth import PAMAuthenticator

sys.path.insert(0, "/opt/quickhub/lib")
import quickhub_groups  # noqa: E402


class QuickHubAuthenticator(PAMAuthenticator):

    async def authenticate(self, handler, data):
        name = await super().authenticate(handler, data)
        if name is None:
            return None
        # The auth model names no admin status: the hub then asks is_admin, so admin_groups stays
        # checked at every login.
        groups = quickhub_groups.groups_of(self.normalize_username(name), quickhub_groups.current())
        return {"name": name, "groups": groups}
