"""The API's error format: every error is JSON with a message and, for bad input, errors per field."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler


def json_exception_handler(exc, context):
    # Services raise Django's ValidationError; the API reports it like a serializer error.
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
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
