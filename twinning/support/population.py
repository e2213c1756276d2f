"""Helpdesk tickets of the synthetic population (``core.population``, position 92): 20,000 tickets of generated
Greek teachers over three years with 60,000 messages at ``--scale greece`` (the same at ``europe``),
proportionally fewer at ``tiny``. Most are closed and many rated; the last weeks' are still open, some
overdue; pedagogical questions go to the region's ambassadors when the region has one (else the NSO).

Generated tickets are those of a generated requester; a second run adds only the tickets still missing.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.population import generated_users
from twinning.core.population import Run, register_population
from twinning.reference import population as countries
from twinning.reference.models import Country

from .models import Category, Channel, MessageKind, Priority, Route, Status, Ticket, TicketMessage, next_due

TICKETS = 20_000
MESSAGES_PER_TICKET = 3  # 60,000 messages in all
SUBJECTS = (
    "Δεν μπορώ να συνδεθώ", "Πότε θα επικυρωθεί ο λογαριασμός μου;", "Πρόβλημα με το TwinSpace",
    "Πώς προσθέτω εταίρο στο έργο;", "Ετικέτα Ποιότητας: πότε ανακοινώνονται τα αποτελέσματα;",
    "Δεν βρίσκω τη βεβαίωση του μαθήματος", "Ιδέες για συνεργατικό έργο", "Αλλαγή σχολείου στο προφίλ",
)  # fmt: skip


def generated_tickets():
    return Ticket.objects.filter(requester__in=generated_users().values("pk"))


def generate_tickets(run: Run) -> None:
    started = time.perf_counter()
    greece = Country.objects.filter(code="GR").first()
    people = (
        list(
            generated_users()
            .filter(country=greece, validation_status=ValidationStatus.VALIDATED, is_active=True)
            .order_by("pk")
            .values_list("pk", "email")
        )
        if greece
        else []
    )
    categories = list(Category.objects.filter(active=True).order_by("position"))
    if not people or not categories:
        run.count("helpdesk tickets", 0)
        run.count("helpdesk messages", 0)
        return
    want = max(5, round(TICKETS * countries.greek_factor(run.scale)))
    rng, writer, now = run.rng, run.writer, timezone.now().replace(second=0, microsecond=0)
    with transaction.atomic():
        have = generated_tickets().count()
        missing = max(0, want - have)
        ids = writer.reserve_ids(Ticket, missing)
        span = timedelta(days=3 * 365)
        tickets, messages = [], []
        for index, ticket_id in enumerate(ids):
            position = have + index
            created = now - span + span * position / want
            person, email = rng.choice(people)
            category = rng.choice(categories)
            age = now - created
            if age > timedelta(days=30):
                status = Status.CLOSED
            else:
                status = rng.choice((Status.NEW, Status.OPEN, Status.WAITING, Status.RESOLVED))
            replied = status != Status.NEW
            first_due = created + timedelta(hours=category.first_reply_hours * 3)  # business hours ≈ 3× wall time
            resolution_due = created + timedelta(hours=category.resolution_hours * 3)
            first_at = created + timedelta(hours=rng.uniform(0.5, category.first_reply_hours * 4)) if replied else None
            resolved_at = (
                created + timedelta(hours=rng.uniform(4, category.resolution_hours * 4))
                if status in (Status.RESOLVED, Status.CLOSED)
                else None
            )
            rated = resolved_at is not None and rng.random() < 0.3
            n = 1 if not replied else rng.choice((2, 3, 3, 4))
            route = Route.AMBASSADORS if category.route == Route.AMBASSADORS and rng.random() < 0.5 else Route.NSO
            tickets.append(
                (ticket_id, person, email, "", True, rng.choice((Channel.WEB, Channel.WEB, Channel.EMAIL)),
                 category.pk, rng.choice(SUBJECTS), status, Priority.NORMAL, route, greece.pk, None, None,
                 created, created, first_due, first_at, resolution_due, resolved_at,
                 resolved_at + timedelta(days=7) if status == Status.CLOSED and resolved_at else None,
                 created + timedelta(hours=n), n, None, rng.random() < 0.4, rng.randint(3, 5) if rated else None, "",
                 resolved_at if rated else None, secrets.token_urlsafe(18),
                 next_due(status, first_at, first_due, resolution_due))
            )  # fmt: skip
            for k in range(n):
                agent = k % 2 == 1
                messages.append(
                    (ticket_id, MessageKind.REPLY, None if agent else person, "" if agent else email, "", agent,
                     Channel.WEB, "Ευχαριστούμε, δείτε τις οδηγίες." if agent else "Καλησπέρα, έχω ένα πρόβλημα.",
                     created + timedelta(hours=k), None)
                )  # fmt: skip
        writer.write(
            Ticket,
            ["id", "requester_id", "requester_email", "requester_name", "email_verified", "channel", "category_id",
             "subject", "status", "priority", "route", "country_id", "region_id", "assignee_id", "created_at",
             "updated_at", "first_reply_due", "first_replied_at", "resolution_due", "resolved_at", "closed_at",
             "last_activity_at", "message_count", "merged_into_id", "suggestions_shown", "satisfaction",
             "satisfaction_comment", "rated_at", "thread_token", "next_due"],
            tickets,
        )  # fmt: skip
        writer.write(
            TicketMessage,
            ["ticket_id", "kind", "author_id", "author_email", "author_name", "from_agent", "via", "body",
             "created_at", "email_message_id"],
            messages,
        )  # fmt: skip
    run.count("helpdesk tickets", len(tickets), country="GR")
    run.count("helpdesk messages", len(messages), country="GR")
    run.log(f"+{len(tickets)} tickets, +{len(messages)} messages in {time.perf_counter() - started:.1f}s")
    run.totals["helpdesk tickets"] = generated_tickets().count()


def reset_tickets() -> dict[str, int]:
    ids = list(generated_tickets().values_list("pk", flat=True))
    deleted: dict[str, int] = {}
    for model, qs in (
        (TicketMessage, TicketMessage.objects.filter(ticket_id__in=ids)),
        (Ticket, Ticket.objects.filter(pk__in=ids)),
    ):
        n = model._base_manager.filter(pk__in=list(qs.values_list("pk", flat=True)))._raw_delete(connection.alias)
        if n:
            deleted[model._meta.label] = n
    return deleted


register_population("support", generate_tickets, reset=reset_tickets, position=92)
