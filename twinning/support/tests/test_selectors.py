import datetime

import pytest
from django.utils import timezone

from twinning.accounts.tests.factories import teacher
from twinning.support import selectors, services
from twinning.support.models import Status

from .factories import open_for

pytestmark = pytest.mark.django_db


def _tickets(country, agent, n):
    for i in range(n):
        person = teacher(country=country)
        ticket = open_for(person, subject=f"Question {i}")
        if i % 2:
            services.agent_reply(ticket=ticket, agent=agent, body="ok", status=Status.RESOLVED)
            services.rate(ticket=ticket, requester=person, rating=4)


def test_dashboard_counts_with_a_fixed_number_of_queries(greece, greek_nso, django_assert_max_num_queries):
    _tickets(greece, greek_nso, 2)
    with django_assert_max_num_queries(8) as small:
        selectors.dashboard(greek_nso, cached=False)
    _tickets(greece, greek_nso, 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        figures = selectors.dashboard(greek_nso, cached=False)
    assert figures["open"] == 4 and figures["satisfaction"] == 4.0 and figures["rated"] == 4
    assert figures["per_agent"] == [] and sum(r["open"] for r in figures["per_category"]) == 4


def test_overdue_is_counted_and_flagged_in_words(greece, greek_nso):
    ticket = open_for(teacher(country=greece))
    ticket.refresh_from_db()
    ticket.first_reply_due = timezone.now() - datetime.timedelta(hours=3, minutes=5)
    ticket.save(update_fields=["first_reply_due"])
    figures = selectors.dashboard(greek_nso, cached=False)
    assert figures["overdue_first"] == 1
    flags = selectors.due_flags(ticket)
    assert flags[0]["overdue"] and flags[0]["text"] == "First reply overdue by 3 h"
    assert list(selectors.queue(greek_nso, {"overdue": True})) == [ticket]


def test_queue_filters(greece, greek_nso):
    a = open_for(teacher(country=greece), subject="Cannot log in")
    b = open_for(teacher(country=greece), subject="Projects question", key="projects")
    services.assign(ticket=b, agent=greek_nso, assignee=greek_nso)
    assert list(selectors.queue(greek_nso, {"assignee": "me"})) == [b]
    assert list(selectors.queue(greek_nso, {"assignee": "unassigned"})) == [a]
    assert list(selectors.queue(greek_nso, {"q": "log in"})) == [a]
    assert list(selectors.queue(greek_nso, {"q": f"#{b.pk}"})) == [b]
    assert list(selectors.queue(greek_nso, {"q": a.requester_email})) == [a]
    services.set_status(ticket=a, agent=greek_nso, status=Status.CLOSED)
    assert list(selectors.queue(greek_nso, {})) == [b]
    assert list(selectors.queue(greek_nso, {"status": "closed"})) == [a]


def test_badge_counts_unassigned_and_mine(greece, greek_nso):
    open_for(teacher(country=greece))
    other = open_for(teacher(country=greece))
    assert selectors.badge_count(greek_nso) == 2
    from twinning.accounts.tests.factories import nso_staff

    colleague = nso_staff(greece)
    services.assign(ticket=other, agent=greek_nso, assignee=colleague)
    assert selectors.badge_count(greek_nso) == 1


def test_the_dashboard_is_kept_a_minute_per_scope(greece, greek_nso):
    from twinning.accounts.tests.factories import nso_staff

    open_for(teacher(country=greece))
    first = selectors.dashboard(greek_nso)
    open_for(teacher(country=greece))
    colleague = nso_staff(greece)
    again = selectors.dashboard(colleague)  # the same scope: the figures kept a minute ago
    assert first["open"] == again["open"] == 1
    assert selectors.dashboard(colleague, cached=False)["open"] == 2


def test_the_queue_shows_what_is_due_next_first_and_the_finished_last(greece, greek_nso):
    people = [teacher(country=greece) for _ in range(3)]
    # Opened in this order, so their first due times are too: only the stored key can put "Late" first.
    soon, late, done = (open_for(p, subject=s) for p, s in zip(people, ("Soon", "Late", "Done"), strict=True))
    services.agent_reply(ticket=done, agent=greek_nso, body="ok", status=Status.RESOLVED)
    now = timezone.now()
    for ticket, due in ((late, now - datetime.timedelta(hours=2)), (soon, now + datetime.timedelta(hours=1))):
        ticket.refresh_from_db()
        ticket.first_reply_due = due
        ticket.save(update_fields=["first_reply_due"])  # the stored sort key follows
    assert list(selectors.queue(greek_nso)) == [late, soon]
    assert list(selectors.queue(greek_nso, {"status": "all"})) == [late, soon, done]
    late.refresh_from_db()
    services.agent_reply(ticket=late, agent=greek_nso, body="Answered.")  # now due at its resolution, later
    assert list(selectors.queue(greek_nso)) == [soon, late]
