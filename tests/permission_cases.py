"""Permission cases as rows of a table: who asks, for which permission, on what.

Each app's `tests/<app>/test_permissions.py` lists `ALLOWED` and `DENIED` cases and runs them;
tests/test_permission_rules.py checks that every registered rule has at least one of each.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Case:
    """`user` asks for `perm` on `obj`. Both name fixtures of the test module ("anonymous" is the
    signed-out visitor); `obj` None asks for the permission without an object."""

    perm: str
    user: str
    obj: str | None

    def __str__(self) -> str:
        return f"{self.perm}-{self.user}-{self.obj}"

    def has_perm(self, request) -> bool:
        """The answer of the rules, with the fixtures of the running test (`request`)."""
        obj = None if self.obj is None else request.getfixturevalue(self.obj)
        user = AnonymousUser() if self.user == ANONYMOUS else request.getfixturevalue(self.user)
        return user.has_perm(self.perm, obj)


def cases(perms: str | Iterable[str], users: str | Iterable[str], obj: str | None) -> list[Case]:
    """One case for each permission and user, all on the same object."""
    perms = [perms] if isinstance(perms, str) else perms
    users = [users] if isinstance(users, str) else list(users)
    return [Case(perm, user, obj) for perm in perms for user in users]
