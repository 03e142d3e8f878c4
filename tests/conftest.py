import pytest


@pytest.fixture(autouse=True)
def _dutch_by_default(settings):
    # Every test starts as a first-time visitor would: Dutch.
    settings.LANGUAGE_CODE = "nl"
