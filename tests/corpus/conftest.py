"""The corpus runs through the services the uploads use, with the slide tests' conference and talk
and a speaker with a profile; storage is in the test's temporary folder (tests/conftest.py)."""

import pytest

from tests.factories import SpeakerProfileFactory, UserFactory
from tests.slides.conftest import (  # noqa: F401 (fixtures)
    _events_checked,
    conference,
    room,
    slides_dir,
    speaker,
    stored_files,
    talk,
)


@pytest.fixture
def profile_owner(db):
    return SpeakerProfileFactory(user=UserFactory(name="Sam Speaker")).user


@pytest.fixture
def stored_media(settings):
    """Every file in the media storage (where photos go)."""
    from pathlib import Path

    root = Path(settings.MEDIA_ROOT)
    return lambda: sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
