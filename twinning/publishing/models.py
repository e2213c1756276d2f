"""Publishing on Wagtail (docs/publishing.md): the WELCOME magazine (issues, articles), news with a section
per hosted country, information pages, publications (guides, e-books) and a resource library.

The page tree: Wagtail's root → one ``PublishingHomePage`` per locale (el, en; translations of each other)
→ the section pages (magazine, news, information pages, publications, resources). The platform's own home
answers ``/el/`` and ``/en/``, so a locale's home page is never shown itself: it routes its children and, for
an address that exists only in the other language, says so and links it (``PublishingHomePage.route``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

# Rich text editors may use: Wagtail keeps only these features (its own allow-list), whatever is pasted.
RICH_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "image", "blockquote"]


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC_BY_NC = "cc-by-nc-4.0", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)")
    ALL_RIGHTS = "all-rights-reserved", _("All rights reserved")


LICENCE_LINKS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
}


class BilingualName(models.Model):
    name_en = models.CharField(_("name in English"), max_length=100)
    name_el = models.CharField(_("name in Greek"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_el if (get_language() or "").startswith("el") and self.name_el else self.name_en


class ArticleCategory(BilingualName):
    """A category of the magazine (AI, STEM, inclusion, initial teacher education…), named in both languages."""

    slug = models.SlugField(_("short name in addresses"), unique=True, max_length=60)

    panels = [FieldPanel("name_el"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("article category")
        verbose_name_plural = _("article categories")


class MagazineIssue(models.Model):
    """One issue of WELCOME: its number, date, cover and the editorial (in both languages)."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    date = models.DateField(_("date of the issue"))
    title_el = models.CharField(_("title in Greek"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    editorial_el = RichTextField(_("editorial in Greek"), blank=True, features=RICH_FEATURES)
    editorial_en = RichTextField(_("editorial in English"), blank=True, features=RICH_FEATURES)

    panels = [
        FieldPanel("number"),
        FieldPanel("date"),
        FieldPanel("title_el"),
        FieldPanel("title_en"),
        FieldPanel("cover"),
        FieldPanel("editorial_el"),
        FieldPanel("editorial_en"),
    ]

    class Meta:
        ordering = ["-number"]
        verbose_name = _("magazine issue")
        verbose_name_plural = _("magazine issues")

    def __str__(self) -> str:
        return f"WELCOME {self.number}"

    def _greek(self) -> bool:
        return (get_language() or "").startswith("el")

    @property
    def title(self) -> str:
        return (self.title_el if self._greek() else self.title_en) or self.title_en or self.title_el

    @property
    def editorial(self) -> str:
        return (self.editorial_el if self._greek() else self.editorial_en) or ""


class EditorialBoardMember(models.Model):
    """A member of the magazine's editorial board (a reviewer or the editor-in-chief); CSS staff manage them."""

    class Role(models.TextChoices):
        REVIEWER = "reviewer", _("Reviewer")
        EDITOR_IN_CHIEF = "editor_in_chief", _("Editor-in-chief")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editorial_board_membership"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("editorial board member")
        verbose_name_plural = _("editorial board members")

    def __str__(self) -> str:
        return f"{self.user_id} ({self.role})"


class CMSGroup(models.Model):
    """A Wagtail group the platform manages: which role it stands for (``key``: "editors", "nso:GR",
    "board:reviewer", "board:editor_in_chief"). People are put in and out of it from their roles."""

    key = models.CharField(max_length=40, unique=True)
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="cms_role")

    def __str__(self) -> str:
        return self.key


# --- Pages ---------------------------------------------------------------------------------------


class PublishingPage(Page):
    """What every published page shares: it is drawn in the platform's layout and says, in the language
    switcher's place, whether the other language has it."""

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["other_languages"] = other_language_links(self)
        return context


def other_language_links(page) -> list[dict]:
    """For each other content language: the page's translation (live) or ``None`` (untranslated)."""
    translations = {
        p.locale.language_code: p for p in page.get_translations().live().select_related("locale").specific()
    }
    names = dict(settings.LANGUAGES)
    out = []
    for code, _name in settings.LANGUAGES:
        if code == page.locale.language_code:
            continue
        other = translations.get(code)
        out.append({"code": code, "name": names[code], "page": other, "url": other.url if other else None})
    return out


class PublishingHomePage(PublishingPage):
    """A locale's root of the published pages. Never shown at /el/ or /en/ (the platform's home is)."""

    subpage_types = [
        "publishing.MagazineIndexPage",
        "publishing.NewsIndexPage",
        "publishing.InformationPage",
        "publishing.PublicationsIndexPage",
        "publishing.ResourceLibraryPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    template = "publishing/home_page.html"

    class Meta:
        verbose_name = _("publishing home (one per language)")

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            other = untranslated_counterpart(self, path_components)
            if other is None:
                raise
            return RouteResult(self, kwargs={"only_in": other})

    def serve(self, request, *args, only_in=None, **kwargs):
        if only_in is not None:
            response = render(
                request,
                "publishing/untranslated.html",
                {"other": only_in, "other_language": dict(settings.LANGUAGES)[only_in.locale.language_code]},
                status=404,
            )
            return response
        return super().serve(request, *args, **kwargs)


def untranslated_counterpart(home: Page, path_components: list[str]):
    """The live page at the same address under another language's home, if there is one."""
    if not path_components:
        return None
    suffix = "/".join(path_components) + "/"
    others = PublishingHomePage.objects.exclude(locale_id=home.locale_id).filter(translation_key=home.translation_key)
    for other_home in others:
        found = (
            Page.objects.live()
            .public()
            .filter(url_path=other_home.url_path + suffix)
            .select_related("locale")
            .specific()
            .first()
        )
        if found is not None:
            return found
    return None


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("publishing.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class MagazineIndexPage(RoutablePageMixin, PublishingPage):
    """WELCOME: the latest articles, the archive by issue and the RSS and Atom feeds."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["publishing.ArticlePage"]
    parent_page_types = ["publishing.PublishingHomePage"]
    template = "publishing/magazine_index.html"
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("magazine")

    @path("")
    def index(self, request):
        from . import selectors

        return self.render(
            request,
            context_overrides={"page_data": selectors.magazine_front(self)},
        )

    @path("issues/")
    def archive(self, request):
        from . import selectors

        return self.render(
            request,
            template="publishing/magazine_archive.html",
            context_overrides={"issues": selectors.issues_with_articles(self)},
        )

    @path("issues/<int:number>/")
    def issue(self, request, number):
        from . import selectors

        issue = MagazineIssue.objects.filter(number=number).select_related("cover").first()
        if issue is None:
            raise Http404
        return self.render(
            request,
            template="publishing/magazine_issue.html",
            context_overrides={"issue": issue, "articles": selectors.article_cards(self, issue=issue)},
        )

    @path("rss/")
    def rss(self, request):
        from .feeds import ArticlesRSS

        return ArticlesRSS(self)(request)

    @path("atom/")
    def atom(self, request):
        from .feeds import ArticlesAtom

        return ArticlesAtom(self)(request)


class ArticlePage(PublishingPage):
    """An article of WELCOME, proposed by a teacher (its ``author``) or written by the editorial board."""

    issue = models.ForeignKey(
        MagazineIssue,
        verbose_name=_("issue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    categories = ParentalManyToManyField(ArticleCategory, verbose_name=_("categories"), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author (platform account)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="magazine_articles",
    )
    author_name = models.CharField(_("author as shown"), max_length=200, blank=True)
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY)
    pupils_consent = models.BooleanField(
        _("pupils shown have consent to publication"),
        default=False,
        help_text=_("The author declared that every pupil shown (photos, names, work) has consent to publication."),
    )
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = RichTextField(_("text"), features=RICH_FEATURES)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [FieldPanel("issue"), FieldPanel("categories"), FieldPanel("tags")], heading=_("Issue and subject")
        ),
        MultiFieldPanel(
            [FieldPanel("author_name"), FieldPanel("author"), FieldPanel("licence"), FieldPanel("pupils_consent")],
            heading=_("Author and rights"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("author_name"),
        index.FilterField("locale_id"),
    ]
    parent_page_types = ["publishing.MagazineIndexPage"]
    subpage_types: list[str] = []
    template = "publishing/article_page.html"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @property
    def licence_url(self) -> str:
        return LICENCE_LINKS.get(self.licence, "")

    @property
    def display_author(self) -> str:
        if self.author_name:
            return self.author_name
        return self.author.get_full_name() if self.author_id and self.author else ""


class NewsIndexPage(PublishingPage):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["publishing.NewsPage", "publishing.CountrySectionPage"]
    parent_page_types = ["publishing.PublishingHomePage"]
    template = "publishing/news_index.html"
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["news"] = selectors.news_under(self, limit=30)
        context["sections"] = self.get_children().live().type(CountrySectionPage).specific()
        return context


class CountrySectionPage(PublishingPage):
    """A hosted country's section of the news: its NSO's editors may edit and publish only here."""

    country = models.ForeignKey("reference.Country", verbose_name=_("country"), on_delete=models.PROTECT)
    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("country"), FieldPanel("intro")]
    subpage_types = ["publishing.NewsPage", "publishing.InformationPage"]
    parent_page_types = ["publishing.NewsIndexPage"]
    template = "publishing/news_index.html"

    class Meta:
        verbose_name = _("country section")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["news"] = selectors.news_under(self, limit=30)
        return context


class NewsPage(PublishingPage):
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = RichTextField(_("text"), features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["publishing.NewsIndexPage", "publishing.CountrySectionPage"]
    subpage_types: list[str] = []
    template = "publishing/news_page.html"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class InformationPage(PublishingPage):
    """What eTwinning is, how to join, the NSO's programmes, contact: a page of text, maybe with sub-pages."""

    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = RichTextField(_("text"), features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    subpage_types = ["publishing.InformationPage"]
    template = "publishing/information_page.html"

    class Meta:
        verbose_name = _("information page")


class PublicationsIndexPage(PublishingPage):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["publishing.GuidePage", "publishing.EbookPage"]
    parent_page_types = ["publishing.PublishingHomePage"]
    template = "publishing/publications_index.html"
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("publications")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().public().specific().order_by("-first_published_at")
        context["guides"] = [p for p in children if isinstance(p, GuidePage)]
        context["ebooks"] = [p for p in children if isinstance(p, EbookPage)]
        return context


class ActivityBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=200)
    description = blocks.RichTextBlock(label=_("description"), features=RICH_FEATURES)
    project_id = blocks.IntegerBlock(
        label=_("project number"),
        required=False,
        min_value=1,
        help_text=_("The number of the eTwinning project this activity comes from (its page's address)."),
    )

    class Meta:
        label = _("classroom activity")
        icon = "list-ul"


class GuidePage(PublishingPage):
    """A pedagogical guide: classroom activities, each linked to the real project it comes from."""

    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)
    activities = StreamField([("activity", ActivityBlock())], blank=True, verbose_name=_("classroom activities"))
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("activities"),
        FieldPanel("licence"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["publishing.PublicationsIndexPage"]
    subpage_types: list[str] = []
    template = "publishing/guide_page.html"

    class Meta:
        verbose_name = _("pedagogical guide")

    @property
    def licence_url(self) -> str:
        return LICENCE_LINKS.get(self.licence, "")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["activity_rows"] = selectors.guide_activities(self)
        return context


class EbookPage(PublishingPage):
    """An e-book: a document (PDF, EPUB) to download, with its description."""

    summary = models.TextField(_("summary"), max_length=600, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("document"),
        FieldPanel("cover"),
        FieldPanel("licence"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["publishing.PublicationsIndexPage"]
    subpage_types: list[str] = []
    template = "publishing/ebook_page.html"

    class Meta:
        verbose_name = _("e-book")

    @property
    def licence_url(self) -> str:
        return LICENCE_LINKS.get(self.licence, "")


class ResourceLibraryPage(PublishingPage):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["publishing.ResourcePage"]
    parent_page_types = ["publishing.PublishingHomePage"]
    template = "publishing/resource_library.html"
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("resource library")

    def get_context(self, request, *args, **kwargs):
        from . import selectors
        from .filters import ResourceFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = ResourceFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["form"] = form
        context["resources"] = selectors.resources_under(self, filters=filters)
        return context


class ResourcePage(PublishingPage):
    """A resource for teachers (a link or a file), with its licence, subject and pupils' age band."""

    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = RichTextField(_("description"), blank=True, features=RICH_FEATURES)
    link = models.URLField(_("address of the resource"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY)
    subject = models.ForeignKey(
        "reference.Subject",
        verbose_name=_("subject"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    age_band = models.ForeignKey(
        "reference.AgeBand",
        verbose_name=_("pupils' age band"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("link"),
        FieldPanel("document"),
        FieldPanel("licence"),
        FieldPanel("subject"),
        FieldPanel("age_band"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["publishing.ResourceLibraryPage"]
    subpage_types: list[str] = []
    template = "publishing/resource_page.html"

    class Meta:
        verbose_name = _("resource")

    @property
    def licence_url(self) -> str:
        return LICENCE_LINKS.get(self.licence, "")


def locale_for(language: str) -> Locale | None:
    return Locale.objects.filter(language_code=language).first()
