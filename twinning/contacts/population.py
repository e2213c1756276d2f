"""Contacts and conversations of the synthetic population (``core.population``, position 60, after the people).

Every generated eTwinner (validated, active) who has no contact yet is linked to about five others chosen
at random — each link is two rows, so a teacher has about ten contacts on average — and one link in five
also gets a conversation of one to four messages. A teacher with contacts is never touched again, so runs
are idempotent and a larger scale only links the teachers it added. Rows are written by the population
``Writer`` (COPY on PostgreSQL); foreign keys are checked at commit, so conversations may name their last
message before it is written.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.population import generated_users
from twinning.core.population import Run, register_population

from .models import Contact, Conversation, Message, Participant

LINKS_PER_TEACHER = 5  # each link is a contact both ways: ~10 contacts per teacher
CONVERSATION_SHARE = 0.2
CHUNK = 20_000  # new teachers linked per batch
BODIES = (
    "Hello! Would you like to start a project together next term?",
    "Γεια σας! Θα θέλατε να κάνουμε ένα κοινό έργο eTwinning;",
    "Thank you for accepting. My pupils are 12–14 and we work in English.",
    "Great idea — let us meet online on Thursday to plan the first activity.",
    "I shared the draft of the aims in our TwinSpace.",
)


def _etwinner_ids() -> list[int]:
    return list(
        generated_users()
        .filter(validation_status=ValidationStatus.VALIDATED, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def generate_contacts(run: Run) -> None:
    started = time.perf_counter()
    everyone = _etwinner_ids()
    if len(everyone) < 2:
        run.count("contacts", 0)
        return
    linked = set(
        Contact.objects.filter(owner_id__in=generated_users().values("pk"))
        .values_list("owner_id", flat=True)
        .distinct()
    )
    new = [pk for pk in everyone if pk not in linked]
    # A new teacher links to a teacher linked before this run or one of the new ones up to the end of its own
    # batch, never to one of a later batch: a pair is then made in one batch only (and deduplicated there).
    candidates = [pk for pk in everyone if pk in linked] + new
    earlier = len(candidates) - len(new)
    rng, writer, now = run.rng, run.writer, timezone.now()
    contacts = conversations = messages = 0
    for start in range(0, len(new), CHUNK):
        batch = new[start : start + CHUNK]
        reachable = earlier + start + len(batch)
        pairs: set[tuple[int, int]] = set()
        for pk in batch:
            for _ in range(LINKS_PER_TEACHER):
                other = candidates[rng.randrange(reachable)]
                if other != pk:
                    pairs.add((pk, other) if pk < other else (other, pk))
        pair_list = sorted(pairs)
        talking = [p for p in pair_list if rng.random() < CONVERSATION_SHARE]
        conversation_ids = writer.reserve_ids(Conversation, len(talking))
        lengths = [rng.randint(1, 4) for _ in talking]
        message_ids = writer.reserve_ids(Message, sum(lengths))
        with transaction.atomic():
            created = [now - timedelta(days=rng.random() * 700) for _ in pair_list]
            writer.write(
                Contact,
                ["owner_id", "other_id", "created_at"],
                [row for (a, b), at in zip(pair_list, created, strict=True) for row in ((a, b, at), (b, a, at))],
            )
            conv_rows, part_rows, msg_rows = [], [], []
            cursor = 0
            for conv_id, (low, high), length in zip(conversation_ids, talking, lengths, strict=True):
                at = now - timedelta(days=rng.random() * 300)
                ids = message_ids[cursor : cursor + length]
                cursor += length
                for index, message_id in enumerate(ids):
                    sender = low if index % 2 == 0 else high
                    msg_rows.append(
                        (message_id, conv_id, sender, rng.choice(BODIES), at + timedelta(minutes=index * 37))
                    )
                last_at = at + timedelta(minutes=(length - 1) * 37)
                last_sender = low if (length - 1) % 2 == 0 else high
                conv_rows.append((conv_id, low, high, at, ids[-1]))
                for user, other in ((low, high), (high, low)):
                    unread = 1 if user != last_sender and rng.random() < 0.3 else 0
                    part_rows.append((conv_id, user, other, last_at, unread, None if unread else last_at, bool(unread)))
            writer.write(
                Conversation, ["id", "user_low_id", "user_high_id", "created_at", "last_message_id"], conv_rows
            )
            writer.write(
                Participant,
                [
                    "conversation_id",
                    "user_id",
                    "other_id",
                    "last_message_at",
                    "unread_count",
                    "last_read_at",
                    "notice_pending",
                ],
                part_rows,
            )
            writer.write(Message, ["id", "conversation_id", "sender_id", "body", "created_at"], msg_rows)
        contacts += 2 * len(pair_list)
        conversations += len(conv_rows)
        messages += len(msg_rows)
    run.count("contacts", contacts)
    run.count("conversations", conversations)
    run.count("messages", messages)
    if contacts:
        took = time.perf_counter() - started
        run.log(f"+{contacts} contacts, +{conversations} conversations, +{messages} messages in {took:.1f}s")
    run.totals["contacts"] = Contact.objects.filter(owner_id__in=generated_users().values("pk")).count()


def reset_contacts() -> dict[str, int]:
    """Everything of the generated people here, in SQL (foreign keys are checked at commit)."""
    people = generated_users().values("pk")
    deleted = {}
    for model, lookup in (
        (Participant, {"user_id__in": people}),
        (Message, {"sender_id__in": people}),
        (Conversation, {"user_low_id__in": people}),
        (Conversation, {"user_high_id__in": people}),
        (Contact, {"owner_id__in": people}),
        (Contact, {"other_id__in": people}),
    ):
        n = model._base_manager.filter(**lookup)._raw_delete(connection.alias)
        if n:
            deleted[model._meta.label] = deleted.get(model._meta.label, 0) + n
    return deleted


register_population("contacts", generate_contacts, reset=reset_contacts, position=60)
