"""Fixtures for the briefings: the demo month (the seed's records) loaded through
the services, background tasks run at once, files kept in a temporary directory."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from xiaoan.demo.directives import load_directives
from xiaoan.demo.hazards import load_hazards

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.XIAOAN_TODAY = "2024-03-04"
    load_directives()
    load_hazards()


@pytest.fixture
def immediate(settings: Any, tmp_path: Any) -> None:
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path


def read_docx(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in read_docx(data).paragraphs)
