"""Prepare the load test's data in the database of DATABASE_URL: a published course of the Greek NSO with a
running cycle, one module holding a quiz of ten questions (drawn from its course's bank), and ``--learners``
eTwinners enrolled in it, each with a verified e-mail ``load.learner.<n>@load.invalid`` and the password
given. Idempotent: run twice, it reuses what is there. Writes the ids the locustfile needs to a JSON file.

    python bench/load/prepare.py --learners 1000 --out var/load.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COURSE_TITLE = "Load test: the opening hour"
PASSWORD = "load-test-password-2026"  # noqa: S105 - a synthetic account of a local load test


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--out", default=str(ROOT / "var" / "load.json"))
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from twinning.accounts.models import ValidationStatus
    from twinning.learning import services
    from twinning.learning.models import (
        Activity,
        ActivityKind,
        Course,
        Cycle,
        Eligibility,
        Kind,
        Module,
        Question,
        QuestionCategory,
        QuestionKind,
        QuizSlot,
        Topic,
    )
    from twinning.learning.progress import recount_required
    from twinning.reference.models import Country

    user_model = get_user_model()
    greece = Country.objects.get(code="GR")
    now = timezone.now()
    with transaction.atomic():
        course = Course.objects.filter(title=COURSE_TITLE).first()
        if course is None:
            course = Course.objects.create(
                title=COURSE_TITLE, description="<p>Synthetic.</p>", hours=20, topic=Topic.ICT, kind=Kind.TRAINERS,
                country=greece, published=True,
            )  # fmt: skip
        cycle = Cycle.objects.filter(course=course).first()
        if cycle is None:
            cycle = Cycle.objects.create(
                course=course, name="load", starts_on=(now - timedelta(days=1)).date(),
                ends_on=(now + timedelta(days=90)).date(), enrolment_opens_at=now - timedelta(days=30),
                enrolment_closes_at=now + timedelta(days=30), eligibility=Eligibility.ANYONE, not_if_completed=False,
            )  # fmt: skip
        module = Module.objects.get_or_create(cycle=cycle, title="Week 1", defaults={"position": 0})[0]
        quiz = Activity.objects.filter(module=module, kind=ActivityKind.QUIZ).first()
        if quiz is None:
            quiz = Activity.objects.create(
                cycle=cycle, module=module, kind=ActivityKind.QUIZ, title="First quiz", required=True,
                max_points=Decimal(10), attempts_allowed=3, time_limit_minutes=20,
            )  # fmt: skip
            category = QuestionCategory.objects.create(course=course, name="Week 1")
            for number in range(20):
                Question.objects.create(
                    course=course, category=category, kind=QuestionKind.TRUEFALSE, name=f"Statement {number + 1}",
                    text=f"<p>Statement {number + 1} is true.</p>",
                    data={"correct": number % 2 == 0, "feedback_true": "", "feedback_false": ""},
                )  # fmt: skip
            QuizSlot.objects.create(activity=quiz, category=category, draw_count=10, points=Decimal(1))
            recount_required(cycle.pk)
    hashed = make_password(PASSWORD)
    emails = [f"load.learner.{n}@load.invalid" for n in range(args.learners)]
    existing = set(user_model.objects.filter(email__in=emails).values_list("email", flat=True))
    fresh = [
        user_model(email=email, username=email, first_name="Load", last_name=f"Learner {n}", password=hashed,
                   country=greece, validation_status=ValidationStatus.VALIDATED)
        for n, email in enumerate(emails) if email not in existing
    ]  # fmt: skip
    user_model.objects.bulk_create(fresh, batch_size=1000)
    # Learners of an earlier run get the password hashed as this run's settings hash it (another hasher then).
    user_model.objects.filter(email__in=existing).update(password=hashed)
    people = list(user_model.objects.filter(email__in=emails))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=p, email=p.email, verified=True, primary=True) for p in people], ignore_conflicts=True
    )
    from bench.common import Context

    ctx = Context.create(scale="load", repeat=1, warmup=0)
    ctx.prepare_staff()
    result = services.enrol_many(cycle=cycle, users=people, actor=ctx.nso)
    # A new run starts the opening hour again: no attempts, no progress (the counters with them).
    from twinning.learning.models import ActivityProgress, Attempt, Enrolment

    Attempt.objects.filter(activity=quiz).delete()
    ActivityProgress.objects.filter(activity__cycle=cycle).delete()
    Enrolment.objects.filter(cycle=cycle).update(required_done=0, graded_count=0, percent_sum=0, started_at=None)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "cycle": cycle.pk,
                "quiz": quiz.pk,
                "learners": args.learners,
                "password": PASSWORD,
                "quiz_start": "/en/learning/activities/{quiz}/quiz/start/",
            }
        )
    )
    counts = {key: len(value) if isinstance(value, list) else value for key, value in result.items()}
    print(f"load data ready: cycle {cycle.pk}, quiz {quiz.pk}, {len(people)} learners; {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
