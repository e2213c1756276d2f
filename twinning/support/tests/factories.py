"""Helpers for the helpdesk's tests: tickets opened through the service, as the platform opens them."""

from twinning.support import services
from twinning.support.models import Category


def category(key: str = "technical") -> Category:
    found = Category.objects.filter(key=key).first()
    if found is None:  # a transactional (browser) test before this one flushed the rows the migration wrote
        import importlib

        from django.apps import apps

        importlib.import_module("twinning.support.migrations.0002_categories").add(apps, None)
        found = Category.objects.get(key=key)
    return found


def open_for(
    person, *, key: str = "technical", subject: str = "I cannot log in", body: str = "Help, please.", **kwargs
):
    return services.open_ticket(
        email=person.email, requester=person, category=category(key), subject=subject, body=body, **kwargs
    )
