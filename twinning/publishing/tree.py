"""The section pages every installation has, in both languages (Greek first, English as its translation):
the magazine, the news (with a section per hosted country), the publications and the resource library.
Idempotent; used by the demo and the tests. Editors add everything else in the CMS."""

from __future__ import annotations

from wagtail.models import Page

from . import cms
from .models import (
    CountrySectionPage,
    MagazineIndexPage,
    NewsIndexPage,
    PublicationsIndexPage,
    PublishingHomePage,
    ResourceLibraryPage,
)

SECTIONS = [
    # (model, slug, Greek title, English title)
    (MagazineIndexPage, "magazine", "Περιοδικό WELCOME", "WELCOME magazine"),
    (NewsIndexPage, "news", "Νέα", "News"),
    (PublicationsIndexPage, "publications", "Εκδόσεις", "Publications"),
    (ResourceLibraryPage, "resources", "Βιβλιοθήκη υλικού", "Resource library"),
]


def publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def add_with_translation(parent_el: Page, page_el: Page, title_en: str, **en_fields) -> tuple[Page, Page]:
    """Add a Greek page under ``parent_el`` and its English translation under the parent's translation."""
    parent_el.add_child(instance=page_el)
    publish(page_el)
    en_locale = cms.ensure_locales()["en"]
    page_en = page_el.copy_for_translation(en_locale, copy_parents=False)
    page_en.title = title_en
    for name, value in en_fields.items():
        setattr(page_en, name, value)
    page_en.save()
    publish(page_en)
    return page_el, page_en


def section(model, slug: str, language: str = "el"):
    return model.objects.filter(slug=slug, locale__language_code=language).first()


def ensure_tree(country_codes: tuple[str, ...] = ("GR",)) -> dict[str, Page]:
    """The homes and the section pages; a news section per country code; the groups' rights and workflow."""
    from twinning.reference.models import Country

    homes = cms.ensure_homes()
    home_el: PublishingHomePage = homes["el"]
    found: dict[str, Page] = {}
    for model, slug, title_el, title_en in SECTIONS:
        existing = section(model, slug)
        if existing is None:
            existing, _en = add_with_translation(home_el, model(title=title_el, slug=slug), title_en)
        found[slug] = existing
    news_el = found["news"]
    for code in country_codes:
        country = Country.objects.filter(code=code).first()
        if country is None or CountrySectionPage.objects.filter(country=country, locale__language_code="el").exists():
            continue
        add_with_translation(
            news_el,
            CountrySectionPage(title=country.name_el or country.name_en, slug=code.lower(), country=country),
            country.name_en,
        )
    cms.ensure_all()
    return found
