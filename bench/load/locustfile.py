"""A course's opening hour: each simulated learner signs in once, opens the course's outline, opens the first
quiz and starts an attempt, then reads the attempt page and the outline again now and then.

Run by ``make load`` (bench/load/run.sh), which prepares the data (prepare.py), serves the platform with
gunicorn in production settings on 127.0.0.1 and prints the ``learning_load`` JSON lines from locust's
statistics. The server runs as behind the production proxy: TLS (``X-Forwarded-Proto: https``, so its cookies
are marked Secure; the client keeps sending them over the loopback's plain HTTP) and each learner's own
address in ``X-Forwarded-For`` (``TRUSTED_PROXY_COUNT=1``), as a thousand teachers at their own schools,
so that the per-address limits on signing in apply per learner, not to the test machine.
"""

from __future__ import annotations

import itertools
import json
import os
import re

from locust import HttpUser, between, task

with open(os.environ.get("LOAD_DATA", "var/load.json"), encoding="utf-8") as _data:
    DATA = json.load(_data)
NUMBERS = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Learner(HttpUser):
    wait_time = between(15, 45)  # reading a page or a question before the next click

    def on_start_headers(self, number: int) -> None:
        self.headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
        }

    def _insecure_cookies(self) -> None:
        for cookie in self.client.cookies:
            cookie.secure = False

    def _csrf(self, path: str, name: str) -> str:
        response = self.client.get(path, headers=self.headers, name=name)
        self._insecure_cookies()
        found = CSRF.search(response.text)
        return found.group(1) if found else ""

    def _post(self, path: str, data: dict, name: str, token: str):
        """POST, then follow the redirect only after the new cookies (a fresh session) are usable."""
        headers = {**self.headers, "Referer": f"https://{self.host.split('://', 1)[-1]}{path}"}
        response = self.client.post(path, data={**data, "csrfmiddlewaretoken": token}, headers=headers, name=name,
                                    allow_redirects=False)  # fmt: skip
        self._insecure_cookies()
        return response

    def on_start(self) -> None:
        number = next(NUMBERS) % DATA["learners"]
        self.on_start_headers(number + 1)
        login = "/en/accounts/login/"
        token = self._csrf(login, "sign in (form)")
        self._post(login, {"login": f"load.learner.{number}@load.invalid", "password": DATA["password"]},
                   "sign in", token)  # fmt: skip
        self.outline = f"/en/learning/cycles/{DATA['cycle']}/"
        self.quiz = f"/en/learning/activities/{DATA['quiz']}/quiz/"
        self.client.get(self.outline, headers=self.headers, name="course outline")
        token = self._csrf(self.quiz, "quiz")
        response = self._post(DATA["quiz_start"].format(quiz=DATA["quiz"]), {}, "start attempt", token)
        self.attempt = response.headers.get("Location") if response.status_code == 302 else None
        if self.attempt:
            self.client.get(self.attempt, headers=self.headers, name="attempt page")

    @task(3)
    def attempt_page(self) -> None:
        if self.attempt:
            self.client.get(self.attempt, headers=self.headers, name="attempt page")

    @task(1)
    def outline_page(self) -> None:
        self.client.get(self.outline, headers=self.headers, name="course outline")
