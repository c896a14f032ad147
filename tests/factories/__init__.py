from tests.factories.accounts import ApiTokenFactory, EmailAddressFactory, SpeakerProfileFactory, UserFactory
from tests.factories.conference import (
    ConferenceFactory,
    ConferenceRoleFactory,
    LevelFactory,
    RoomFactory,
    SubmissionTypeFactory,
    TrackFactory,
)
from tests.factories.office_hours import BookingFactory, OfficeHoursSettingsFactory, SlotFactory
from tests.factories.schedule import ScheduleSlotFactory, SpeakerUnavailabilityFactory
from tests.factories.slides import (
    DeadlineExtensionFactory,
    SlideReviewerFactory,
    SlideReviewFactory,
    SlidesSettingsFactory,
    SlideVersionFactory,
    TalkSlidesFactory,
)

__all__ = [
    "ApiTokenFactory",
    "BookingFactory",
    "ConferenceFactory",
    "ConferenceRoleFactory",
    "EmailAddressFactory",
    "LevelFactory",
    "OfficeHoursSettingsFactory",
    "RoomFactory",
    "ScheduleSlotFactory",
    "DeadlineExtensionFactory",
    "SlideReviewerFactory",
    "SlideReviewFactory",
    "SlidesSettingsFactory",
    "SlideVersionFactory",
    "TalkSlidesFactory",
    "SlotFactory",
    "SpeakerProfileFactory",
    "SpeakerUnavailabilityFactory",
    "SubmissionTypeFactory",
    "TalkSlidesFactory",
    "TrackFactory",
    "UserFactory",
]
