import datetime
from decimal import Decimal

import pytest

from twinning.certificates import sources
from twinning.certificates.sources import Facts

FAKE = "tests.fake"


@pytest.fixture(scope="session")
def _badge_key_file(tmp_path_factory):
    return tmp_path_factory.mktemp("keys") / "open-badges-key.pem"  # generated on first use, once a session


@pytest.fixture(autouse=True)
def _badge_key(settings, _badge_key_file):
    """A throw-away signing key (never the development key in var/)."""
    settings.OPEN_BADGES_KEY_FILE = str(_badge_key_file)
    settings.OPEN_BADGES_RETIRED_KEY_FILES = []
    settings.SITE_URL = "https://twinning.example"


class FakeSource:
    """A source whose qualifying ids the test decides: ``fake.facts[id] = Facts(...)``."""

    def __init__(self):
        self.facts: dict[int, Facts] = {}
        self.calls: list[list[int]] = []
        self.before = None  # called inside facts(), to let another "worker" act at that moment

    def __call__(self, ids):
        self.calls.append(list(ids))
        if self.before:
            hook, self.before = self.before, None
            hook()
        return {i: self.facts[i] for i in ids if i in self.facts}

    def qualify(self, source_id, user, country, **overrides):
        fields = {
            "user_id": user.pk,
            "kind": "course",
            "title_el": "Ψηφιακά εργαλεία στην τάξη",
            "title_en": "Digital tools in class",
            "hours": Decimal("25"),
            "started_on": datetime.date(2026, 1, 10),
            "ended_on": datetime.date(2026, 3, 20),
            "country_id": country.pk,
            **overrides,
        }
        self.facts[source_id] = Facts(**fields)


@pytest.fixture
def fake_source():
    saved = sources.snapshot()
    fake = FakeSource()
    sources.register_source(FAKE, fake)
    yield fake
    sources.restore(saved)


@pytest.fixture
def holder(greece):
    from twinning.accounts.models import ValidationStatus
    from twinning.accounts.tests.factories import teacher

    return teacher(country=greece, status=ValidationStatus.VALIDATED, first_name="Μαρία", last_name="Παπαδοπούλου")


@pytest.fixture
def issued(fake_source, holder, greece):
    """A certificate issued to ``holder`` through the fake source (id 1)."""
    from twinning.certificates import services

    fake_source.qualify(1, holder, greece)
    return services.issue(source=FAKE, source_id=1)
