from tests.factories.accounts import EmailAddressFactory, SpeakerProfileFactory, UserFactory
from tests.factories.conference import (
    ConferenceFactory,
    ConferenceRoleFactory,
    LevelFactory,
    RoomFactory,
    SubmissionTypeFactory,
    TrackFactory,
)

__all__ = [
    "ConferenceFactory",
    "ConferenceRoleFactory",
    "EmailAddressFactory",
    "LevelFactory",
    "RoomFactory",
    "SpeakerProfileFactory",
    "SubmissionTypeFactory",
    "TrackFactory",
    "UserFactory",
]
