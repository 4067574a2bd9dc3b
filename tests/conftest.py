"""Fixtures shared by the whole suite.

The demo city is loaded once per test session through the same services the
application uses; each test runs inside a transaction that is rolled back.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.core.security import create_token
from xiaoan.demo.city import DEMO_PASSWORD
from xiaoan.demo.loader import load_city


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        load_city()


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


@pytest.fixture
def user(db: Any) -> Any:
    def get(username: str) -> User:
        return User.objects.select_related("area", "organisation").get(username=username)

    return get


@pytest.fixture
def area(db: Any) -> Any:
    def get(name: str) -> Area:
        return Area.objects.get(name=name)

    return get


@pytest.fixture
def organisation(db: Any) -> Any:
    def get(name: str) -> Organisation:
        return Organisation.objects.get(name=name)

    return get


@pytest.fixture
def client_as(db: Any) -> Any:
    """A browser-like client signed in as the given demo user."""

    def make(username: str) -> Client:
        c = Client()
        c.force_login(User.objects.get(username=username))
        return c

    return make


class ApiClient:
    """Calls the API with a personal token, as scripts and integrations do."""

    def __init__(self, token: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, url: str, **params: Any) -> Any:
        return self.client.get(url, params, headers=self.headers)

    def post(self, url: str, data: Any = None, **kwargs: Any) -> Any:
        return self.client.post(url, data, headers=self.headers, **kwargs)

    def patch(self, url: str, data: Any) -> Any:
        return self.client.patch(url, data, content_type="application/json", headers=self.headers)


@pytest.fixture
def api_as(db: Any) -> Any:
    def make(username: str) -> ApiClient:
        return ApiClient(create_token(User.objects.get(username=username)))

    return make
