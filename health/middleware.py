"""The probes and /metrics, answered first in MIDDLEWARE; and the request metrics around the rest.

Probes come from load balancers and orchestrators that name the host by IP, over plain HTTP, every
few seconds: answered here, they skip the host check, the HTTPS redirect, sessions, CSRF, the CSP
and any throttling, and cost no session or user query.
"""

import time

from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve

from health import access, checks, metrics

PROBES = {"/healthz", "/readyz", "/metrics"}


class HealthProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info not in PROBES or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path_info == "/healthz":
            return _no_store(JsonResponse({"status": "ok"}))
        if request.path_info == "/readyz":
            ready, body = checks.readiness()
            return _no_store(JsonResponse(body, status=200 if ready else 503))
        refusal = access.metrics_refusal(request)
        if refusal:
            return _no_store(HttpResponse(refusal, status=403, content_type="text/plain; charset=utf-8"))
        return _no_store(HttpResponse(metrics.render(), content_type="text/plain; version=0.0.4; charset=utf-8"))


class RequestMetricsMiddleware:
    """Counts each answered request by view name (a bounded label: never the path) and times it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        metrics.observe_request(
            _view_name(request), request.method, response.status_code, time.perf_counter() - started
        )
        return response


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:  # answered before URL resolution: a cached schedule page, a redirect
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "unmatched"
    return match.view_name or "unnamed"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response
