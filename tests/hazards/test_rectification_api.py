"""Reporting a fix through the API (multipart): the text is cleaned and limited
like any schema field, and a broken upload is a 400, not a 500."""

from __future__ import annotations

import pytest

from xiaoan.core.security import create_token

from .conftest import png_bytes

pytestmark = pytest.mark.django_db


def _post(client, hazard, brigade, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/api/hazards/{hazard.pk}/rectifications",
        {"text": text, "files": [SimpleUploadedFile("after.png", png_bytes(), "image/png")]},
        headers={"Authorization": f"Bearer {create_token(brigade)}"},
    )


def test_the_fix_text_loses_control_characters(client, hazard, brigade):
    response = _post(client, hazard, brigade, "已\u0000清理\u000b楼道")
    assert response.status_code == 201, response.content
    assert response.json()["text"] == "已清理楼道"


def test_an_over_long_fix_text_is_refused(client, hazard, brigade):
    response = _post(client, hazard, brigade, "长" * 5001)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "text：内容超过 5000 字"
    assert not hazard.rectifications.exists()
