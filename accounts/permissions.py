"""Permissions no role waives, not even a site administrator's.

Django grants an active superuser every permission before any rule is asked. Some permissions are
personal, though: writing a review binds the reviewer to their tracks, their assignments and, above
all, their conflicts of interest, and a superuser who reviews is bound like anyone else. An app
names such permissions here (`personal`), and User.has_perm then asks the rules for them.
"""

_personal: set[str] = set()


def personal(*permissions: str) -> None:
    """Mark permissions that the superuser shortcut must not grant."""
    _personal.update(permissions)


def is_personal(permission: str) -> bool:
    return permission in _personal
