"""Steps shared by the browser tests (log in through the real forms, read mail, compute TOTP codes)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core import mail

from twinning.accounts.tests.factories import totp_code

_CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+?/(?=\s|$)")


def path_of(page) -> str:
    return urlsplit(page.url).path


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def confirmation_link(address: str) -> str:
    """The e-mail verification link allauth sent to ``address``."""
    messages = mails_to(address)
    assert messages, f"no e-mail was sent to {address}; outbox: {[m.to for m in mail.outbox]}"
    match = _CONFIRM_LINK.search(messages[-1].body)
    assert match, f"no confirmation link in the e-mail:\n{messages[-1].body}"
    return match.group(0)


def submit(page, form_selector: str = "main form[method=post]") -> None:
    """Press the submit button of a form and wait for the next page."""
    with page.expect_navigation():
        page.locator(form_selector).locator("button[type=submit]:not([form])").first.click()


def log_in(page, *, email: str, password: str, lang: str = "el", next_url: str = "", staff_user=None) -> None:
    """Log in through allauth's form; with ``staff_user`` also pass the TOTP step."""
    url = f"/{lang}/accounts/login/" + (f"?next={next_url}" if next_url else "")
    page.goto(url)
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    submit(page, "main form[method=post]:has(input[name=password])")
    if staff_user is not None:
        assert path_of(page) == f"/{lang}/accounts/2fa/authenticate/", f"expected the TOTP step, got {page.url}"
        page.fill("input[name=code]", totp_code(staff_user))
        submit(page, "main form[method=post]:has(input[name=code])")
        if path_of(page) == f"/{lang}/accounts/2fa/authenticate/":
            # The code was read in one 30-second period and checked in the next: type the new one, as a person would.
            page.fill("input[name=code]", totp_code(staff_user))
            submit(page, "main form[method=post]:has(input[name=code])")
    if path_of(page).startswith(f"/{lang}/accounts/"):
        raise AssertionError(f"login failed, still on {page.url}:\n{page.inner_text('main')}")


# --- checks shared by the scenarios: accessibility in both languages, a phone's width, a click that loads ---

DESKTOP = {"width": 1280, "height": 900}


def no_blocking(page) -> None:
    from .test_accessibility import blocking_violations, describe

    violations = blocking_violations(page)
    assert not violations, f"axe found serious/critical problems on {page.url}:\n{describe(violations)}"


def axe_in_both_languages(page, path: str) -> None:
    """axe-core on ``path`` (without its language prefix) in Greek and in English; the page is left in Greek."""
    for lang in ("en", "el"):
        response = page.goto(f"/{lang}{path}")
        assert response is not None and response.status == 200, f"/{lang}{path} answered {response and response.status}"
        assert page.locator("html").get_attribute("lang") == lang
        no_blocking(page)


def fits_a_phone(page, name: str) -> None:
    """The page, reloaded in a 390 px window, does not scroll sideways."""
    from .test_responsive import PHONE, _overflow

    page.set_viewport_size(PHONE)
    page.reload()
    problem = _overflow(page, name, PHONE)
    page.set_viewport_size(DESKTOP)
    assert problem is None, problem


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()
