"""Helpers for the helpdesk's tests: tickets opened through the service, as the platform opens them."""

from twinning.support import services
from twinning.support.models import Category


def category(key: str = "technical") -> Category:
    return Category.objects.get(key=key)


def open_for(
    person, *, key: str = "technical", subject: str = "I cannot log in", body: str = "Help, please.", **kwargs
):
    return services.open_ticket(
        email=person.email, requester=person, category=category(key), subject=subject, body=body, **kwargs
    )
