import pytest

from twinning.publishing.tests.factories import article


@pytest.mark.django_db
def test_magazine_pages_answer_in_both_languages(client, tree):
    a = article(title="Ρομπότ στην τάξη")
    assert client.get("/el/magazine/").status_code == 200
    assert client.get("/en/magazine/").status_code == 200
    response = client.get(a.url)
    assert response.status_code == 200, a.url
    assert "Ρομπότ στην τάξη" in response.content.decode()
