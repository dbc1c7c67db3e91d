import pytest

from tests.factories import MemorialFactory


@pytest.mark.django_db
def test_home_page_points_to_the_api_docs_and_the_back_office(client):
    MemorialFactory(is_published=True)
    MemorialFactory(is_published=False)

    response = client.get("/")

    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="/api/docs/"' in body
    assert 'href="/api/v1/"' in body
    assert 'href="/admin/"' in body
    assert "1 published memorial so far" in body
