import pytest


@pytest.fixture(autouse=True)
def _events_checked(events_are_valid):
    """Every event the code under test writes is checked against its schema and CloudEvents."""
