from tests.factories.accounts import EmailAddressFactory, SpeakerProfileFactory, UserFactory
from tests.factories.conference import (
    ConferenceFactory,
    ConferenceRoleFactory,
    LevelFactory,
    RoomFactory,
    SubmissionTypeFactory,
    TrackFactory,
)
from tests.factories.office_hours import BookingFactory, OfficeHoursSettingsFactory, SlotFactory

__all__ = [
    "BookingFactory",
    "ConferenceFactory",
    "ConferenceRoleFactory",
    "EmailAddressFactory",
    "LevelFactory",
    "OfficeHoursSettingsFactory",
    "RoomFactory",
    "SlotFactory",
    "SpeakerProfileFactory",
    "SubmissionTypeFactory",
    "TrackFactory",
    "UserFactory",
]
