"""Permissions no role waives, not even a site administrator's.

Django grants an active superuser every permission before any rule is asked. Some permissions are
personal, though: writing a review binds the reviewer to their tracks, their assignments and, above
all, their conflicts of interest, and a superuser who reviews is bound like anyone else. An app
names such permissions here (`personal`), and User.has_perm then asks the rules for them.
"""

import rules

_personal: set[str] = set()


def personal(*permissions: str) -> None:
    """Mark permissions that the superuser shortcut must not grant."""
    _personal.update(permissions)


def is_personal(permission: str) -> bool:
    return permission in _personal


# A person's API tokens are theirs alone: not even a site administrator revokes another's
# (an administrator who must cut someone off deactivates the account, which stops its tokens too).
@rules.predicate
def is_token_owner(user, token) -> bool:
    return token is not None and user.pk is not None and token.user_id == user.pk


# Seeing them needs no rule: the profile lists the signed-in person's own (selectors.api_tokens_of).
rules.add_perm("accounts.revoke_api_token", is_token_owner)
personal("accounts.revoke_api_token")
