from tests.factories.accounts import EmailAddressFactory, SpeakerProfileFactory, UserFactory
from tests.factories.conference import (
    ConferenceFactory,
    ConferenceRoleFactory,
    LevelFactory,
    RoomFactory,
    SubmissionTypeFactory,
    TrackFactory,
)
from tests.factories.schedule import ScheduleSlotFactory, SpeakerUnavailabilityFactory

__all__ = [
    "ConferenceFactory",
    "ConferenceRoleFactory",
    "EmailAddressFactory",
    "LevelFactory",
    "RoomFactory",
    "ScheduleSlotFactory",
    "SpeakerProfileFactory",
    "SpeakerUnavailabilityFactory",
    "SubmissionTypeFactory",
    "TrackFactory",
    "UserFactory",
]
