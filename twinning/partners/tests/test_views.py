import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.models import ValidationStatus, Visibility
from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.contacts.models import Message
from twinning.partners import services
from twinning.partners.models import Post
from twinning.reference.models import Region, Subject

from .factories import etwinner, make_post, post_fields

pytestmark = pytest.mark.django_db

SEARCH = "/en/partners/"


def test_visitors_see_a_sign_up_prompt_and_no_post(client, greece):
    make_post(etwinner(country=greece), title="Secret idea")
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert b"Sign up" in response.content and b"Secret idea" not in response.content


def test_teachers_waiting_for_validation_see_a_note(client, greece):
    make_post(etwinner(country=greece), title="Secret idea")
    log_in(client, teacher(country=greece, status=ValidationStatus.PENDING))
    response = client.get(SEARCH)
    assert b"has not validated your account yet" in response.content and b"Secret idea" not in response.content
    for name in ("partners:people", "partners:schools", "partners:suggestions", "partners:post_new"):
        assert client.get(reverse(name)).status_code == 403


def test_etwinners_search_and_bad_input_never_fails(client, greece):
    post = make_post(etwinner(country=greece), title="Ρομποτική <b>club</b>")
    log_in(client, etwinner(country=greece))
    response = client.get(SEARCH, {"q": "ρομποτικη"})
    assert response.status_code == 200
    assert "Ρομποτική &lt;b&gt;club&lt;/b&gt;".encode() in response.content
    for params in (
        {"subjects": ["999999", "abc"], "country": "x", "page": "99999"},
        {"q": "<script>alert(1)</script>", "page": "-3", "theme": "nope", "order": "??"},
        {"languages": [str(i) for i in range(500)]},
    ):
        assert client.get(SEARCH, params).status_code == 200
    assert post.title.encode() not in client.get(SEARCH, {"page": "99999"}).content


def _queries(client, url, params=None) -> int:
    """Queries of a page after a first visit (the once-a-day and cached parts are then in place)."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


def test_search_people_suggestions_and_post_page_keep_a_fixed_query_count(client, greece, italy):
    viewer = etwinner(country=greece, subjects=["biology"], languages=["en"], age_bands=["12-15"])
    log_in(client, viewer)
    make_post(viewer, title="Mine")
    first = make_post(etwinner(country=italy, subjects=["biology"], languages=["en"]), subjects_codes=["biology"])
    biology = Subject.objects.get(code="biology").pk
    cases = [
        (SEARCH, {}),
        (SEARCH, {"q": "biodiversity", "subjects": [biology]}),
        ("/en/partners/people/", {"subjects": [biology]}),
        ("/en/partners/suggestions/", {}),
        (f"/en/partners/{first.pk}/", {}),
        ("/en/partners/mine/", {}),
    ]
    small = [_queries(client, url, params) for url, params in cases]
    for _ in range(6):
        author = etwinner(country=italy, subjects=["biology", "art"], languages=["en", "it"], age_bands=["12-15"])
        make_post(author, subjects_codes=["biology", "art"], countries_wanted=[greece])
        make_post(viewer, title="Mine too")
    from django.core.cache import cache

    cache.clear()
    log_in(client, viewer)
    large = [_queries(client, url, params) for url, params in cases]
    assert large == small


def test_post_page_permissions(client, greece, italy):
    author = etwinner(country=greece)
    post = make_post(author)
    services.post_close(post=post, by=author)
    log_in(client, etwinner(country=greece))
    assert client.get(f"/en/partners/{post.pk}/").status_code == 404  # closed: only its author sees it
    assert client.get(f"/en/partners/{post.pk}/edit/").status_code == 404
    assert client.post(f"/en/partners/{post.pk}/renew/").status_code == 404
    assert client.get("/en/partners/999999/").status_code == 404
    log_in(client, author)
    assert client.get(f"/en/partners/{post.pk}/").status_code == 200
    log_in(client, nso_staff(greece))
    assert client.get(f"/en/partners/{post.pk}/").status_code == 200
    log_in(client, nso_staff(italy))
    assert client.get(f"/en/partners/{post.pk}/").status_code == 404


def test_a_forged_close_of_someone_elses_post_changes_nothing(client, greece):
    post = make_post(etwinner(country=greece))
    log_in(client, etwinner(country=greece))
    assert client.post(f"/en/partners/{post.pk}/close/").status_code == 404
    post.refresh_from_db()
    assert post.closed_at is None


def test_publish_a_post_through_the_form(client, greece):
    author = etwinner(country=greece)
    log_in(client, author)
    fields = post_fields(author)
    data = {
        "title": "<script>x</script> Climate",
        "description": "Pupils measure the weather.",
        "purpose": "etwinning",
        "subjects": [s.pk for s in fields["subjects"]],
        "age_bands": [a.pk for a in fields["age_bands"]],
        "languages": [la.pk for la in fields["languages"]],
        "school": fields["school"].pk,
    }
    response = client.post("/en/partners/new/", data)
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/partners/{post.pk}/")
    page = client.get(response["Location"])
    assert b"&lt;script&gt;x&lt;/script&gt; Climate" in page.content


def test_fifty_subjects_in_the_form_is_an_error_on_the_field(client, greece):
    author = etwinner(country=greece)
    log_in(client, author)
    fields = post_fields(author)
    data = {
        "title": "Many",
        "description": "Too many subjects.",
        "purpose": "etwinning",
        "subjects": list(Subject.objects.values_list("pk", flat=True)[:50]),
        "languages": [la.pk for la in fields["languages"]],
        "age_bands": [a.pk for a in fields["age_bands"]],
        "school": fields["school"].pk,
    }
    response = client.post("/en/partners/new/", data)
    assert response.status_code == 200
    assert b"Choose at most 5 subjects." in response.content
    assert not Post.objects.exists()


def test_hidden_profiles_never_in_people_search_or_suggestions(client, greece, italy):
    viewer = etwinner(country=greece, subjects=["biology"])
    hidden = etwinner(country=italy, subjects=["biology"], visibility=Visibility.HIDDEN, first_name="Nascosta")
    log_in(client, viewer)
    for url in ("/en/partners/people/", "/en/partners/suggestions/"):
        assert hidden.first_name.encode() not in client.get(url).content


def test_suggestions_for_someone_elses_post_is_404(client, greece):
    post = make_post(etwinner(country=greece))
    log_in(client, etwinner(country=greece))
    assert client.get("/en/partners/suggestions/", {"post": post.pk}).status_code == 404
    assert client.get("/en/partners/suggestions/", {"post": "x"}).status_code == 404


def test_the_filter_panel_ticks_the_chosen_boxes_on_the_server(client, greece):
    log_in(client, etwinner(country=greece))
    biology = Subject.objects.get(code="biology")
    html = client.get(SEARCH, {"subjects": [biology.pk]}).content.decode()
    box = f'name="subjects" value="{biology.pk}" id="id_subjects_0" checked> {biology.name}</label>'
    assert f'<label for="id_subjects_0"><input type="checkbox" {box}' in html
    assert html.count(" checked>") == 1
    assert "data-choice-filter" in html and '<details class="choice-more">' in html


def test_people_search_region_filter_lists_regions_tied_to_their_country(client, greece):
    # The region list follows the chosen country (data-parent); it once rendered with no option at all.
    log_in(client, etwinner(country=greece))
    crete = Region.objects.get(country=greece, code="GR-M")
    html = client.get("/en/partners/people/", {"region": crete.pk}).content.decode()
    assert f'<option value="{crete.pk}" selected data-parent="{greece.pk}">' in html
    assert html.count("data-parent=") == Region.objects.count()


def test_people_results_name_what_each_person_teaches(client, greece, italy):
    log_in(client, etwinner(country=greece))
    etwinner(country=italy, subjects=["biology"], languages=["en"], age_bands=["12-15"])
    biology = Subject.objects.get(code="biology")
    html = client.get("/en/partners/people/", {"subjects": [biology.pk]}).content.decode()
    assert f"<dd>{biology.name}</dd>" in html


def test_answering_a_post_reaches_its_author_who_is_not_yet_a_contact(client, greece, italy):
    author, other = etwinner(country=italy), etwinner(country=italy)
    post, others_post = make_post(author, title="Rivers"), make_post(other, title="Lakes")
    log_in(client, etwinner(country=greece))
    write = reverse("contacts:message_new", args=[author.pk])
    post_path = reverse("partners:post", args=[post.pk])
    page = client.get(post_path).content.decode()
    assert f"{write}?" in page  # the post page offers to write to its author

    # Another author's post, or this post once closed, does not open a conversation with a non-contact.
    for about_url in (reverse("partners:post", args=[others_post.pk]), reverse("partners:search")):
        response = client.post(write, {"body": "Hello", "about": "Rivers", "about_url": about_url})
        assert response.status_code == 200 and "only to your contacts" in response.content.decode()
    assert not Message.objects.exists()

    response = client.post(write, {"body": "Hello from Greece", "about": "Rivers", "about_url": post_path})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.about_url == post_path and message.body == "Hello from Greece"

    # Once the post is closed, its page no longer lets a non-contact write.
    services.post_close(post=post, by=author)
    response = client.post(write, {"body": "Again", "about": "Rivers", "about_url": post_path})
    assert response.status_code == 200 and "only to your contacts" in response.content.decode()
    assert Message.objects.count() == 1


def test_facet_values_narrow_the_search_and_a_chosen_one_widens_it_again(client, greece):
    from django.core.cache import cache

    cache.clear()
    make_post(subjects_codes=["biology", "physics"], title="Rivers and insects")
    make_post(subjects_codes=["biology"], title="Insects only")
    log_in(client, etwinner(country=greece))
    biology, physics = Subject.objects.get(code="biology"), Subject.objects.get(code="physics")
    html = client.get(SEARCH, {"q": "insects", "page": "1"}).content.decode()
    # Every value is a link to the same search narrowed to it (and back to the first page).
    assert f'href="?q=insects&amp;subjects={physics.pk}"' in html
    narrowed = client.get(SEARCH, {"q": "insects", "subjects": [physics.pk]}).content.decode()
    assert "Rivers and insects" in narrowed and "Insects only" not in narrowed
    # The chosen value is marked, and its link takes it off the filters again.
    assert 'href="?q=insects" aria-current="true"' in narrowed
    assert f'href="?q=insects&amp;subjects={physics.pk}&amp;subjects={biology.pk}"' in narrowed
