"""Two gaps of Debian's JupyterHub 5.2 that quickhub's sharing falls into, closed in the hub's
process (jupyterhub_config.py calls these before the hub starts)."""
from jupyterhub import orm, roles, scopes
from jupyterhub.apihandlers.groups import _GroupAPIHandler


def group_api_with_managed_groups():
    """JupyterHub 5.2 refuses the group API while the authenticator manages groups; 5.3 dropped that
    check, so that a service can keep groups right between logins (quickhub_groups.sync)."""
    _GroupAPIHandler.check_authenticator_managed_groups = lambda handler: None


def group_shares_for_tokens():
    """A token gets the permissions of its owner's roles and of the shares made to its owner, but
    not of the shares made to its owner's groups (scopes.get_scopes_for, JupyterHub 5.0 to 5.5):
    a member of a group a server is shared with is let in neither with an API token nor in a
    browser (whose server login is an OAuth token), only the hub's own pages see the share. The
    owner's role scopes are computed in one function, for users and tokens alike: with the group
    shares added there, a token gets them as its owner has them, intersected with its own scopes.
    """
    role_scopes = roles.roles_to_expanded_scopes

    def with_group_shares(role_list, owner):
        granted = role_scopes(role_list, owner)
        if isinstance(owner, orm.User):
            for group in owner.groups:
                for share in group.shared_with_me:
                    granted = granted | scopes.expand_share_scopes(share)
        return granted

    roles.roles_to_expanded_scopes = with_group_shares
