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
