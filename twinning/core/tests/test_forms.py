"""The platform's form renderer: labels, optional markers and the error summary."""

from django import forms


class ContactForm(forms.Form):
    name = forms.CharField(label="Name")
    phone = forms.CharField(label="Phone", required=False)
    newsletter = forms.BooleanField(label="Send me the newsletter", required=False)


def test_optional_fields_are_marked_but_a_single_checkbox_is_not():
    html = str(ContactForm())
    assert '<label for="id_phone">Phone <span class="optional">' in html
    assert '<label for="id_name">Name</label>' in html
    assert '<label for="id_newsletter">Send me the newsletter</label>' in html


def test_the_error_summary_links_each_error_to_its_field_by_label():
    html = str(ContactForm({"phone": "1"}))
    assert "data-error-summary" in html
    assert '<a href="#id_name">Name: This field is required.</a>' in html
    assert 'id="id_name_error"' in html


# --- One-pass rendering: the same markup as Django's templates ------------------------------------------


class Everything(forms.Form):
    words = forms.CharField(label='Words & "quotes"', max_length=20, widget=forms.TextInput(attrs={"autofocus": True}))
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search", "data-off": False}))
    count = forms.IntegerField(label="How many?", min_value=1, help_text="A hint")
    email = forms.EmailField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"class": "a<b"}))
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    web = forms.URLField(required=False, disabled=True, assume_scheme="https")
    colour = forms.ChoiceField(choices=[("", "Any"), ("r", "Red & <b>"), ("g", "Green")], required=False)
    grouped = forms.ChoiceField(
        choices=[("Warm", [("r", "Red"), ("o", "Orange")]), ("Cold", [("b", "Blue")]), ("x", "Other")],
        widget=forms.Select(attrs={"data-x": True}),
    )


def _through_templates(form):
    """The same form drawn by Django's own templates only (the renderer's fast path switched off)."""
    from django.forms.renderers import TemplatesSetting

    from twinning.core.forms import TwinningFormRenderer

    class Plain(TwinningFormRenderer):
        def render(self, template_name, context, request=None):
            return TemplatesSetting.render(self, template_name, context, request=request)

    form.renderer = Plain()
    return form


def _parts(form):
    return [(str(f.label_tag()), str(f), str(f.errors)) for f in form]


def test_one_pass_labels_inputs_and_errors_match_the_templates_exactly():
    data = {
        "words": '<script>alert("x")</script>',
        "count": "0",
        "email": "nope",
        "day": "2026-13-40",
        "secret": "s",
        "colour": "r",
        "grouped": "b",
    }
    for form_class, args in ((Everything, ()), (Everything, (data,))):
        fast, slow = form_class(*args), _through_templates(form_class(*args))
        assert _parts(fast) == _parts(slow)
        assert str(fast) == str(slow)
    bound = Everything(data)
    html = str(bound["words"])
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert " autofocus" in html and 'autofocus="' not in html
    assert "data-off" not in str(bound["search"])
    assert str(bound["count"].errors).startswith('<ul class="errorlist"')
    assert '<option value="r" selected>Red &amp; &lt;b&gt;</option>' in str(bound["colour"])
    assert '<optgroup label="Cold">' in str(bound["grouped"])
