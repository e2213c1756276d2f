"""Contacts for tests: ``make_contacts(a, b)`` links two people directly (no request, no notice)."""

from __future__ import annotations

from twinning.accounts.models import ValidationStatus, Visibility
from twinning.accounts.tests.factories import teacher
from twinning.contacts.models import Contact


def etwinner(country=None, **kwargs):
    """A validated teacher (an eTwinner) whose page other eTwinners may see."""
    kwargs.setdefault("visibility", Visibility.ETWINNERS)
    return teacher(country=country, status=ValidationStatus.VALIDATED, **kwargs)


def make_contacts(a, b) -> None:
    Contact.objects.bulk_create([Contact(owner=a, other=b), Contact(owner=b, other=a)], ignore_conflicts=True)
