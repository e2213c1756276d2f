"""The rich-text toolkit: whatever is typed or forged, what is stored and shown cannot run in a browser."""

import pytest
from django import forms
from django.db import connection, models
from django.test.utils import isolate_apps
from django.utils import translation

from twinning.core import richtext

# Payloads from the usual families: script elements, event handlers, javascript: and data: URLs (plain,
# entity-encoded, with control characters), SVG and MathML, CSS expressions, frames and objects, forms,
# meta refresh, broken and nested markup, comments and conditional comments, template injection.
XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="/files/1/" onerror="alert(1)">',
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<svg onload=alert(1)><circle/></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<p style="width: expression(alert(1))">x</p>',
    "<style>body{background:red}</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name=a><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<base href='https://evil.example/'>",
    "<<script>alert(1);//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img """><script>alert(1)</script>">',
    "<!--<img src=x onerror=alert(1)>-->",
    "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    '<div onmouseover="alert(1)">hover</div>',
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '<p title="x" onfocus=alert(1) autofocus tabindex=1>x</p>',
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<img src="https://tracker.example/pixel.gif">',
    '<img src="//tracker.example/pixel.gif">',
    '<img src="/\\tracker.example/pixel.gif">',
    "{{ 7|add:7 }}{% debug %}",
]
DANGEROUS = ("<script", "onerror", "onload", "onclick", "onmouseover", "ontoggle", "onfocus", "javascript:",
             "vbscript:", "data:text", "<iframe", "<object", "<embed", "<svg", "<math", "<style", "style=",
             "<form", "<meta", "<link", "<base", "tracker.example", "<!--")  # fmt: skip


@pytest.mark.parametrize("payload", XSS)
def test_payloads_come_out_inert(payload):
    cleaned = richtext.sanitize(payload).lower()
    for marker in DANGEROUS:
        assert marker not in cleaned, (payload, cleaned)
    assert richtext.sanitize(cleaned) == cleaned  # idempotent: sanitising twice changes nothing more


def test_what_writers_need_survives():
    html = (
        "<h2>Our water</h2><p>We <strong>measured</strong> <em>rain</em> &amp; <u>rivers</u>, H<sub>2</sub>O, "
        'x<sup>2</sup>.</p><ul><li>one</li></ul><ol start="3"><li>three</li></ol><blockquote>quote</blockquote>'
        '<p><a href="https://example.org/x">a source</a> <a href="/en/projects/1/">our project</a> '
        '<a href="mailto:teacher@example.org">write</a></p>'
        '<p><img src="/twinspace/files/7/" alt="the river" width="320" height="200"></p>'
        '<table><tbody><tr><th scope="col">Day</th><td colspan="2">12</td></tr></tbody></table><hr>'
    )
    cleaned = richtext.sanitize(html)
    kept = ["<h2>", "<strong>", "<em>", "&amp;", "<u>", "<sub>", "<sup>", '<ol start="3">', "<blockquote>"]
    kept += ['href="https://example.org/x"', 'href="/en/projects/1/"', 'href="mailto:teacher@example.org"']
    kept += ['src="/twinspace/files/7/"', 'alt="the river"', 'width="320"', 'scope="col"', 'colspan="2"', "<hr>"]
    for part in kept:
        assert part in cleaned, part
    assert 'rel="noopener noreferrer nofollow"' in cleaned  # links never hand the page to the target


def test_attribute_values_are_checked():
    cleaned = richtext.sanitize('<img src="/f/1/" width="100%" height="1e9"><td colspan="x">a</td><th scope="y">')
    assert "width" not in cleaned and "height" not in cleaned and "colspan" not in cleaned and "scope" not in cleaned


def test_empty_editor_output_is_empty():
    assert richtext.sanitize("<p></p>") == ""
    assert richtext.sanitize("<p><br></p>  ") == ""
    assert richtext.sanitize(None) == ""
    assert richtext.sanitize("<p>x</p>") == "<p>x</p>"


def test_plain_text_for_search_and_excerpts():
    assert richtext.plain_text("<h2>Νερό</h2><p>a &amp; b<br>c</p>") == "Νερό a & b c"
    assert richtext.plain_text("<p>" + "λέξη " * 50 + "</p>", limit=20) == "λέξη λέξη λέξη λέξη…"
    assert len(richtext.plain_text("<p>" + "λέξη " * 50 + "</p>", limit=20)) <= 20


def test_show_marks_only_sanitised_html_safe():
    shown = richtext.show('<p onclick="x()">hi</p><script>alert(1)</script>')
    assert str(shown) == "<p>hi</p>"


class _Page(forms.Form):
    body = richtext.RichTextFormField(label="Page")


def test_form_field_stores_clean_html_and_refuses_empty_and_huge():
    form = _Page({"body": "<p>ok<img src=x onerror=alert(1)></p><script>alert(1)</script>"})
    assert form.is_valid()
    assert form.cleaned_data["body"] == "<p>ok<img></p>"
    empty = _Page({"body": "<p>  </p><script>only a script</script>"})
    assert not empty.is_valid() and empty.errors["body"] == ["Write some text."]
    huge = _Page({"body": "<p>" + "α" * (richtext.MAX_CHARS + 10) + "</p>"})
    assert not huge.is_valid() and "too long" in huge.errors["body"][0]


def test_form_field_messages_in_greek():
    with translation.override("el"):
        for empty in ("", "<p> </p>"):
            form = _Page({"body": empty})
            assert not form.is_valid()
            message = form.errors["body"][0]
            assert message != "Write some text." and not any("a" <= c.lower() <= "z" for c in message)


def test_widget_carries_the_editor_and_its_words_in_the_page_language():
    with translation.override("el"):
        html = str(_Page()["body"])
        media = str(_Page().media)
    assert 'data-richtext="lists links quotes headings"' in html
    assert "Έντονα" in html  # "bold", translated for the toolbar
    assert (
        'src="/static/js/richtext.js" type="module"' in media or 'type="module" src="/static/js/richtext.js"' in media
    )
    assert "richtext-i18n.js" in media and "django_prose_editor/editor.css" in media
    assert "<script>" not in media  # no inline script (the Content-Security-Policy forbids it)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@isolate_apps("twinning.core")
def test_model_field_sanitises_every_write_path():
    class Note(models.Model):
        body = richtext.RichTextField()

        class Meta:
            app_label = "core"

        def __str__(self):
            return self.body

    with connection.schema_editor() as editor:
        editor.create_model(Note)
    try:
        note = Note.objects.create(body='<p onclick="x()">a</p><script>b</script>')
        Note.objects.bulk_create([Note(body="<iframe src=//x></iframe><p>c</p>")])
        Note.objects.filter(pk=note.pk).update(body="<img src=x onerror=y><p>d</p>")
        stored = sorted(Note.objects.values_list("body", flat=True))
        assert stored == ["<img><p>d</p>", "<p>c</p>"]
        assert isinstance(Note._meta.get_field("body").formfield(), richtext.RichTextFormField)
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Note)
