"""Who may use the CMS and what they see there, who may propose articles and manage the editorial board.

Wagtail's admin knows people only through its groups, so the platform's roles are mapped onto groups it
manages (``CMSGroup``): CSS staff and administrators are "editors" (the whole tree), NSO staff of a country
are in that country's group (its news section only), members of the editorial board are reviewers or the
editor-in-chief (the magazine). ``cms_group_keys`` is the single place that says which.
"""

from __future__ import annotations

from django.db.models import QuerySet

from twinning.core.lookups import get_or_404
from twinning.staff import policies as staff_policies

from . import selectors
from .models import ArticlePage, EditorialBoardMember

EDITORS = "editors"
REVIEWERS = "board:reviewer"
EDITOR_IN_CHIEF = "board:editor_in_chief"


def nso_key(country_code: str) -> str:
    return f"nso:{country_code}"


def cms_group_keys(user) -> set[str]:
    """The managed Wagtail groups this person belongs in today (empty: no CMS at all)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    keys: set[str] = set()
    if staff_policies.is_css_staff(user):
        keys.add(EDITORS)
    keys |= {nso_key(code) for code in staff_policies.nso_country_codes(user)}
    role = selectors.board_role(user)
    if role == EditorialBoardMember.Role.REVIEWER:
        keys.add(REVIEWERS)
    elif role == EditorialBoardMember.Role.EDITOR_IN_CHIEF:
        keys |= {REVIEWERS, EDITOR_IN_CHIEF}
    return keys


def may_use_cms(user) -> bool:
    return bool(cms_group_keys(user))


def can_propose_article(user) -> bool:
    """Validated teachers (and validated staff) propose articles; pupils and people waiting do not."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_etwinner)


def can_manage_board(user) -> bool:
    return staff_policies.is_css_staff(user)


def my_articles(user) -> QuerySet[ArticlePage]:
    return selectors.articles_of(user)


def my_article_or_404(user, pk: int) -> ArticlePage:
    """An article the person proposed; anyone else's (or a missing one) is 404."""
    return get_or_404(selectors.articles_of(user), pk=pk)
