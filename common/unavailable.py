"""A database that drops its connections (PostgreSQL restarted, a connection killed) answers 503.

The request in flight cannot finish, so it says so, with `Retry-After`, as an HTML page or, under
/api/, in the API's error shape. The broken connection is closed at once, so the next request opens
a new one (with CONN_HEALTH_CHECKS Django also checks a kept connection before reusing it): no
restart of gunicorn or the workers. The page is rendered without a RequestContext and without the
site's base template, whose context processors would query the database that just failed.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger(__name__)
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def is_database_outage(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_ERRORS)


def drop_broken_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue  # a test's or a caller's transaction: its owner rolls back and closes it
        try:
            connection.close_if_unusable_or_obsolete()
        except DATABASE_ERRORS:
            connection.close()


def unavailable_response(request, error: BaseException) -> HttpResponse:
    logger.warning("Database unavailable during %s %s: %s", request.method, request.path, error)
    drop_broken_connections()
    if request.path_info.startswith("/api/"):
        body = {
            "error": "service_unavailable",
            "message": _("The database is not answering. Please try again in a few seconds."),
            "fields": {},
        }
        response: HttpResponse = JsonResponse(body, status=503)
    else:
        page = loader.get_template("common/503.html").render({"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database outage raised by a view into a 503 (handler500 does it for the middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return unavailable_response(request, exception)
        return None


def server_error(request) -> HttpResponse:
    """handler500: a database outage outside a view (a middleware's query) is a 503 too."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        return unavailable_response(request, error)
    if request.path_info.startswith("/api/"):
        body = {"error": "server_error", "message": _("Something went wrong on our side."), "fields": {}}
        return JsonResponse(body, status=500)
    return default_server_error(request)
