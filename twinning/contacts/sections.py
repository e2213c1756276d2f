"""The contact section of an eTwinner's page (``/people/<id>/``): the one button the viewer needs next."""

from __future__ import annotations

from typing import Any

from . import policies, selectors


def person_contact(person: Any, viewer: Any) -> dict | None:
    """Request / waiting / accept / write / blocked, by the viewer's relation to the person (1–2 queries);
    nothing for visitors, people not validated yet and the person's own page."""
    if not policies.can_use_contacts(viewer) or viewer.pk == person.pk or not person.is_etwinner:
        return None
    state = selectors.contact_state(viewer, person)
    incoming = selectors.incoming_request_from(viewer, person) if state == selectors.INCOMING else None
    return {
        "person": person,
        "state": state,
        "incoming": incoming,
        "blocked_by_me": state == selectors.BLOCKED and selectors.has_blocked(viewer, person),
    }
