"""Tells the browser's scripts whether someone is signed in, without asking the server.

The public schedule pages are the same for everyone and served from a cache, so their script
(`static/js/schedule.js`) cannot read the session; asking the favourites API to find out made every
anonymous visit log a 401. This readable cookie says only "signed in" (never who): the script calls
the API when it is there."""

from django.conf import settings

SIGNED_IN_COOKIE = "summit_signed_in"


class SignedInCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user and user.is_authenticated)
        has_cookie = SIGNED_IN_COOKIE in request.COOKIES
        if signed_in and not has_cookie:
            response.set_cookie(
                SIGNED_IN_COOKIE,
                "1",
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=False,
                samesite="Lax",
            )
        elif has_cookie and not signed_in:
            response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")
        return response
