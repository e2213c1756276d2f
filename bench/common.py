"""What every benchmark shares: the context (scale, staff accounts, sample data) and the timing loop."""

from __future__ import annotations

import json
import logging
import math
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

NSO_EMAIL = "bench.nso.gr@bench.invalid"
CSS_EMAIL = "bench.css@bench.invalid"


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 50 samples is the 48th smallest)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def emit(ctx: Context, line: dict) -> None:
    out = {"bench": line.pop("bench"), "case": line.pop("case", "")}
    out["metric"] = line.pop("metric")
    out["value"] = line.pop("value")
    out.update(scale=ctx.scale, db=ctx.db)
    out.update(line)
    print(json.dumps(out, ensure_ascii=False), flush=True)


def _log_in_with_second_factor(client: Client, user) -> None:
    """A staff session as the real login leaves it: password and TOTP passed (twinning.core.mfa)."""
    from allauth.mfa.models import Authenticator

    from twinning.core import mfa

    client.force_login(user)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        session = client.session
        session[mfa.SESSION_KEY] = {"user": user.pk, "authenticator": authenticator.pk, "at": int(time.time())}
        session.save()


class _SQLTimer:
    """An execute wrapper adding up the time spent in the database driver (finer than Django's ms log)."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


@dataclass
class Context:
    scale: str
    db: str
    repeat: int = 50
    warmup: int = 5
    population: object | None = None  # twinning.core.population.Result of this run
    database_size_bytes: int | None = None
    nso = None  # NSO staff of Greece (with TOTP)
    css = None  # CSS staff (with TOTP)
    _clients: dict = field(default_factory=dict)

    @classmethod
    def create(cls, *, scale: str, repeat: int, warmup: int) -> Context:
        # Measure as production runs: no DEBUG query log, no debug templates. Django's test client
        # talks to the host "testserver".
        settings.DEBUG = False
        logging.disable(logging.INFO)  # the per-request log lines would drown the JSON output
        if "testserver" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        return cls(scale=scale, db=connection.vendor, repeat=repeat, warmup=warmup)

    # --- set-up -----------------------------------------------------------------------------------

    def generate_population(self, *, seed: int | None, log: Callable[[str], None]) -> None:
        from twinning.core import population

        self.population = population.generate(scale=self.scale, seed=seed, log=log)
        if self.db == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_database_size(current_database())")
                self.database_size_bytes = cursor.fetchone()[0]

    def prepare_staff(self) -> None:
        from twinning.reference.models import Country
        from twinning.staff.models import StaffRole

        greece = Country.objects.get(code="GR")
        self.nso = self._staff(NSO_EMAIL, "NSO Greece", StaffRole.Kind.NSO, greece)
        self.css = self._staff(CSS_EMAIL, "CSS", StaffRole.Kind.CSS, None)

    def _staff(self, email: str, label: str, kind: str, country):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        from twinning.accounts.models import User
        from twinning.staff.models import StaffRole

        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "username": email,
                "first_name": "Bench",
                "last_name": label,
                "country": country,
                "preferred_language": "en",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if not StaffRole.objects.filter(user=user, kind=kind, country=country, revoked_at__isnull=True).exists():
            StaffRole.objects.create(user=user, kind=kind, country=country)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
        return user

    # --- sample data for realistic search terms -------------------------------------------------

    def sample_person(self, country_code: str = "GR", **filters):
        """A generated person in the middle of the population (stable across runs of the same data)."""
        from twinning.accounts.population import generated_users

        qs = generated_users().filter(country__code=country_code, **filters).order_by("email")
        n = qs.count()
        return qs[n // 2] if n else None

    def sample_school(self, country_code: str = "GR", **filters):
        from twinning.schools.population import generated_schools

        qs = generated_schools().filter(country__code=country_code, **filters).order_by("national_code")
        n = qs.count()
        return qs[n // 2] if n else None

    # --- measuring ------------------------------------------------------------------------------

    def client(self, user=None) -> Client:
        key = user.pk if user is not None else None
        if key not in self._clients:
            client = Client()
            if user is not None:
                _log_in_with_second_factor(client, user)
            self._clients[key] = client
        return self._clients[key]

    def measure(self, bench: str, case: str, path: str, *, user=None, params: dict | None = None) -> list[dict]:
        """Server time of GET path?params through the whole Django stack (p50, p95), SQL queries and time."""
        params = {k: v for k, v in (params or {}).items() if v is not None}
        # Shown unencoded in the output (readable Greek); the request itself is encoded by the client.
        url = path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
        client = self.client(user)
        base = {"bench": bench, "case": case, "url": url}
        cpu: list[float] = []
        for i in range(self.warmup + self.repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(path, params)
            elapsed = (time.perf_counter() - started) * 1000
            cpu_ms = (time.process_time() - cpu_started) * 1000
            if response.status_code != 200:
                print(f"# {bench}/{case}: HTTP {response.status_code} for {url}", file=sys.stderr)
                return [{**base, "metric": "error", "value": f"HTTP {response.status_code}"}]
            if i == self.warmup:
                samples: list[float] = []
            if i >= self.warmup:
                samples.append(elapsed)
                cpu.append(cpu_ms)
        # Then a few more requests with the queries recorded: how many, and how much of the time is SQL.
        sql_ms: list[float] = []
        for _ in range(max(1, min(10, self.repeat))):
            timer = _SQLTimer()
            with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
                client.get(path, params)
            sql_ms.append(timer.seconds * 1000)
        return [
            {**base, "metric": "p50_ms", "value": round(statistics.median(samples), 2)},
            {**base, "metric": "p95_ms", "value": round(percentile(samples, 95), 2)},
            {**base, "metric": "queries", "value": len(captured.captured_queries)},
            # CPU time of this Python process alone: the web tier's share, not inflated by waiting for a
            # core on a busy machine (the database's CPU is in sql_p50_ms).
            {**base, "metric": "app_cpu_p50_ms", "value": round(statistics.median(cpu), 2)},
            {**base, "metric": "sql_p50_ms", "value": round(statistics.median(sql_ms), 2)},
        ]
