"""core.html gives Django's markup: the same escaping of text, lazy text and numbers, markup kept as it is,
and object addresses equal to ``reverse`` in each language."""

import pytest
from django.urls import reverse
from django.utils import html as django_html
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from twinning.core import html

VALUES = [
    "plain",
    "<script>alert('x')</script> & \"quotes\"",
    "Ελληνικά <b>",
    mark_safe("<em>kept</em>"),
    gettext_lazy("Subjects"),
    mark_safe(gettext_lazy("Subjects")),
    42,
    None,
    3.5,
]


@pytest.mark.parametrize("value", VALUES)
def test_escaping_is_djangos(value):
    assert html.escape(value) == str(django_html.conditional_escape(value))


def test_format_html_is_djangos():
    template = '<a href="{url}" title="{0}">{1}</a>{tail}'
    args, kwargs = ('"t" <x>', mark_safe("<b>ok</b>")), {"url": "/el/?a=1&b=2", "tail": gettext_lazy("Words")}
    ours = html.format_html(template, *args, **kwargs)
    assert isinstance(ours, SafeString)
    assert ours == django_html.format_html(template, *args, **kwargs)
    assert "&lt;x&gt;" in ours and "<b>ok</b>" in ours and "&amp;b=2" in ours


def test_format_html_join_is_djangos():
    rows = [("<i>", 1), (mark_safe("<i>"), "&")]
    sep = mark_safe("<br>")
    assert html.format_html_join(sep, "<dt>{}</dt><dd>{}</dd>", rows) == django_html.format_html_join(
        sep, "<dt>{}</dt><dd>{}</dd>", rows
    )
    assert html.format_html_join("<", "{}", [("a",), ("b",)]) == "a&lt;b"  # a plain separator is text


@pytest.mark.parametrize("language", ["el", "en"])
@pytest.mark.parametrize("name", ["projects:detail", "partners:post", "accounts:person"])
def test_reverse_pk_is_reverse_in_each_language(language, name):
    with translation.override(language):
        for pk in (1, 918273645, 7):
            assert html.reverse_pk(name, pk) == reverse(name, args=[pk])
            assert html.reverse_pk(name, pk).startswith(f"/{language}/")
