"""The API's error format: every error is JSON with a message and, for bad input, errors per field."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.defaults import page_not_found
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, permissions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from common.api_errors import ERROR_SCHEMA
from common.throttling import throttle_refusal


def json_exception_handler(exc, context):
    # Services raise Django's ValidationError; the API reports it like a serializer error.
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    exc = throttle_refusal(exc, context)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        field_errors = {field: _messages(value) for field, value in detail.items()}
        response.data = {
            "error": "invalid",
            "message": "The request has invalid fields.",
            "fields": field_errors,
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        message = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = {"error": getattr(exc, "default_code", "error"), "message": str(message), "fields": {}}
    return response


def _messages(value):
    if isinstance(value, dict):
        return {key: _messages(item) for key, item in value.items()}
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return [_messages(item) for item in value]
        return [str(item) for item in value]
    return [str(value)]


def not_found(request, exception):
    """handler404: a URL under /api/ that matches no route answers in the API's error shape, not HTML."""
    if request.path_info.startswith("/api/"):
        body = {"error": exceptions.NotFound.default_code, "message": str(exceptions.NotFound.default_detail)}
        return JsonResponse(body | {"fields": {}}, status=status.HTTP_404_NOT_FOUND)
    return page_not_found(request, exception)


class SummitAutoSchema(AutoSchema):
    """Documents the errors each operation can answer with, in the shape json_exception_handler gives."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {
            "401": "The credentials are missing or invalid.",
            "429": "Too many calls: wait the seconds the Retry-After header gives.",
        }
        forbidden = "Not allowed for this user, or outside the token's scope (`token_read_only`, `token_out_of_scope`)."
        if self.method not in permissions.SAFE_METHODS:
            errors |= {"400": "The request has invalid fields.", "403": forbidden}
        elif self._get_paginator() or self.get_override_parameters():
            errors["400"] = "A query parameter is invalid (paging out of range, an unknown choice, ...)."
        if "{" in self.path:
            # A token limited to one conference is refused every other conference, reads included.
            errors |= {"403": forbidden, "404": "No such object, or not visible to this user."}
        for code, description in errors.items():
            responses.setdefault(
                code, {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
            )
        return responses


class ApiNotFoundMiddleware:
    """Any 404 under /api/ that is not already JSON becomes the API's error: handler404 covers an
    unknown URL only with DEBUG off, and with DEBUG on (the demo) Django would answer its HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == status.HTTP_404_NOT_FOUND
            and request.path_info.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return not_found(request, None)
        return response


# Django and DRF refuse text with a NUL character (PostgreSQL cannot store one) in every text field;
# the schema says so, or a client could not know why a valid-looking string was refused.
NO_NUL = "^[^\\x00]*$"
# A required text is trimmed before it is checked, so one of only spaces (or other whitespace, such as
# U+0085) is blank: the schema asks for a character that is not whitespace.
NOT_BLANK = "^[^\\x00]*[^\\s\\x00][^\\x00]*$"


def text_refuses_nul(result, generator, request, public):
    """drf-spectacular postprocessing hook: each free-text property of a request body states the rule."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request"):
            continue
        for prop in component.get("properties", {}).values():
            if prop.get("type") == "string" and not prop.keys() & {"format", "enum", "pattern", "readOnly"}:
                prop["pattern"] = NOT_BLANK if prop.get("minLength", 0) >= 1 else NO_NUL
    return result
