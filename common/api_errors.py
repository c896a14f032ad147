"""The API's error format in the OpenAPI schema: every error is JSON with a stable `error` code, a
`message` and, for bad input, the messages of each field (summit.api.json_exception_handler
writes it). Apps document the errors their operations answer with through `error_response`."""

from drf_spectacular.utils import OpenApiResponse

_MESSAGES = {"type": "array", "items": {"type": "string"}}

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {"type": "string", "description": "A stable code: invalid, not_authenticated, not_found, ..."},
        "message": {"type": "string"},
        "fields": {
            "type": "object",
            "description": (
                "For `invalid`: the messages for each field (`non_field_errors` for the whole); a list's or "
                "a nested object's field has an object of messages by index or by name instead."
            ),
            "additionalProperties": {
                "anyOf": [_MESSAGES, {"type": "object"}, {"type": "array", "items": {"type": "object"}}]
            },
        },
    },
    "required": ["error", "message", "fields"],
}


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(ERROR_SCHEMA, description=description)
