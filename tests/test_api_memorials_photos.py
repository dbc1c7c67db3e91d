"""A memorial's photos: readable where the memorial is, written by editors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from memorials.models import Photo
from tests.factories import EditorFactory, MemorialFactory, OrganiserFactory, PhotoFactory

pytestmark = pytest.mark.django_db

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
    b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def photos_url(memorial) -> str:
    return reverse("api:memorial-photo-list", kwargs={"memorial_slug": memorial.slug})


def test_photos_of_a_published_memorial_are_public(api_client):
    photo = PhotoFactory(caption="Front")

    body = api_client.get(photos_url(photo.memorial)).json()

    assert body["count"] == 1
    assert body["results"][0]["caption"] == "Front"
    assert body["results"][0]["licence"] == "cc-by-4.0"


def test_photos_of_an_unpublished_memorial_are_404_to_the_public(api_client):
    photo = PhotoFactory(memorial=MemorialFactory(is_published=False))

    assert api_client.get(photos_url(photo.memorial)).status_code == 404
    item = reverse(
        "api:memorial-photo-detail", kwargs={"memorial_slug": photo.memorial.slug, "pk": photo.pk}
    )
    assert api_client.get(item).status_code == 404


def test_editor_uploads_a_photo(api_client):
    memorial = MemorialFactory()
    api_client.force_authenticate(EditorFactory())

    response = api_client.post(
        photos_url(memorial),
        {
            "image": SimpleUploadedFile("p.gif", GIF, content_type="image/gif"),
            "alt_text": "The monument at dusk",
            "licence": "cc0",
        },
        format="multipart",
    )

    assert response.status_code == 201, response.content
    photo = Photo.objects.get()
    assert photo.memorial == memorial
    assert response["Location"].endswith(f"/memorials/{memorial.slug}/photos/{photo.pk}/")


def test_photo_without_alt_text_is_refused(api_client):
    memorial = MemorialFactory()
    api_client.force_authenticate(EditorFactory())

    response = api_client.post(
        photos_url(memorial),
        {"image": SimpleUploadedFile("p.gif", GIF, content_type="image/gif"), "licence": "cc0"},
        format="multipart",
    )

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["alt_text"]
    assert not Photo.objects.exists()


def test_organiser_and_anonymous_cannot_add_photos(api_client):
    memorial = MemorialFactory()

    assert api_client.post(photos_url(memorial), {}).status_code == 401
    api_client.force_authenticate(OrganiserFactory())
    assert api_client.post(photos_url(memorial), {}).status_code == 403
