"""Wagtail's admin in a real Chromium: the NSO staff of Greece log in (password and second factor), open /cms/,
the page explorer and the editor of their country's news section, with no script error and no CSP refusal
(the admin's looser policy, docs/security.md, is enough; the public magazine keeps the strict one)."""

import pytest

from tests.browser.helpers import log_in, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_nso_staff_use_the_cms_without_csp_refusals(page, greece):
    from twinning.accounts.tests.factories import nso_staff
    from twinning.publishing.models import CountrySectionPage
    from twinning.publishing.tree import ensure_tree

    ensure_tree(("GR",))
    staff = nso_staff(greece)
    staff.set_password("a-long-password-1")
    staff.save()
    log_in(page, email=staff.email, password="a-long-password-1", staff_user=staff, next_url="/cms/")
    page.goto("/cms/")
    assert path_of(page) == "/cms/"
    section = CountrySectionPage.objects.get(country=greece, locale__language_code="el")
    page.goto(f"/cms/pages/{section.pk}/edit/")
    assert path_of(page) == f"/cms/pages/{section.pk}/edit/"
    page.wait_for_load_state("networkidle")
    page.goto("/cms/pages/")
    page.wait_for_load_state("networkidle")
    assert page.browser_errors == [], "\n".join(page.browser_errors)
