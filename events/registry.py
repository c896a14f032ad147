"""The catalogue of event types: one JSON Schema file per type in events/schemas/.

A type is named `summit.<domain>.<aggregate>.<happened>.v<N>`; its domain picks the Kafka topic.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
CLOUDEVENTS_SCHEMA_PATH = SCHEMA_DIR / "cloudevents-1.0.schema.json"
TYPE_PATTERN = re.compile(
    r"^summit\.(?P<domain>[a-z_]+)\.(?P<aggregate>[a-z_]+)\.(?P<happened>[a-z_]+)\.v(?P<version>\d+)$"
)


class UnknownEventType(LookupError):
    pass


class InvalidEventData(ValueError):
    pass


@dataclass(frozen=True)
class EventType:
    name: str
    domain: str
    schema: dict[str, Any]
    validator: Draft202012Validator

    @property
    def description(self) -> str:
        return self.schema.get("description", "")

    @property
    def examples(self) -> list[dict[str, Any]]:
        return self.schema.get("examples", [])


_types: dict[str, EventType] = {}
_cloudevents_validator: Any = None


def load() -> None:
    global _cloudevents_validator
    _types.clear()
    for path in sorted(SCHEMA_DIR.glob("summit.*.json")):
        name = path.name.removesuffix(".json")
        match = TYPE_PATTERN.match(name)
        if match is None:
            raise ValueError(f"{path.name}: event type names look like summit.<domain>.<aggregate>.<happened>.v1")
        schema = json.loads(path.read_text())
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        _types[name] = EventType(name, match["domain"], schema, validator)
    cloudevents_schema = json.loads(CLOUDEVENTS_SCHEMA_PATH.read_text())
    validator_class = validator_for(cloudevents_schema)
    _cloudevents_validator = validator_class(cloudevents_schema, format_checker=validator_class.FORMAT_CHECKER)


def get(name: str) -> EventType:
    try:
        return _types[name]
    except KeyError:
        raise UnknownEventType(f"{name} has no schema in events/schemas/") from None


def all_types() -> list[EventType]:
    return sorted(_types.values(), key=lambda event_type: event_type.name)


def domains() -> list[str]:
    return sorted({event_type.domain for event_type in _types.values()})


def validate_data(name: str, data: Any) -> None:
    errors = sorted(get(name).validator.iter_errors(data), key=lambda error: list(error.path))
    if errors:
        details = "; ".join(f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in errors)
        raise InvalidEventData(f"{name}: {details}")


def validate_envelope(envelope: dict[str, Any]) -> None:
    assert _cloudevents_validator is not None, "registry.load() runs when the app is ready"
    errors = list(_cloudevents_validator.iter_errors(envelope))
    if errors:
        raise InvalidEventData("; ".join(error.message for error in errors))
    validate_data(envelope["type"], envelope["data"])
