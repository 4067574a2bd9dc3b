"""xiaoan's own error answers with debug off: Chinese pages with a way back, never
Django's debug page or its URL map, and the API's JSON error shape under /api/."""

from __future__ import annotations

import pytest
from django.test import Client

from xiaoan.places.services import do_register_place

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

#: what Django's debug and stock error pages show, which a user must never see
DEBUG_MARKS = (
    "Traceback",
    "URLconf",
    "Using the URLconf",
    "DEBUG = True",
    "Page not found",
    "<h1>Not Found</h1>",
    "Server Error",
)


def page_text(response) -> str:
    text = response.content.decode()
    for mark in DEBUG_MARKS:
        assert mark not in text, mark
    return text


def assert_way_back(text: str) -> None:
    assert 'href="/"' in text and "返回首页" in text


def test_debug_is_off_in_the_suite(settings):
    assert settings.DEBUG is False


def test_unknown_address_is_the_chinese_404_page(client_as):
    response = client_as("office").get("/no-such-page/")
    assert response.status_code == 404
    text = page_text(response)
    assert "记录不存在或无权访问" in text
    assert_way_back(text)
    assert "主导航" in text  # the signed-in user keeps the menu


def test_a_neighbours_record_is_the_same_404_page(client_as, user, area):
    place = do_register_place(
        acting_user=user("shuangtaizi"),
        name="胜利小区",
        address="双台子区胜利街1号",
        area=area("胜利社区"),
        kind="residential",
    )
    assert client_as("shuangtaizi").get(f"/places/{place.pk}/").status_code == 200
    response = client_as("xinglongtai").get(f"/places/{place.pk}/")
    assert response.status_code == 404
    text = page_text(response)
    assert "记录不存在或无权访问" in text and "胜利小区" not in text
    assert_way_back(text)


def test_signed_out_404_offers_the_sign_in(client):
    text = page_text(client.get("/no-such-page/"))
    assert "登录" in text and 'href="/login/"' in text


def test_forbidden_page(client_as):
    response = client_as("grid").get("/forbidden/")
    assert response.status_code == 403
    text = page_text(response)
    assert "无权" in text
    assert_way_back(text)


def test_a_get_on_a_post_only_address_is_the_chinese_405_page(client_as):
    response = client_as("office").get("/inbox/read-all/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    text = page_text(response)
    assert "不支持此操作方式" in text and "此地址不支持 GET 请求（允许：POST）" in text
    assert_way_back(text)


def test_an_unknown_host_is_the_chinese_400_page():
    response = Client().get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    text = page_text(response)
    assert "请求无效" in text and "Bad Request" not in text
    assert_way_back(text)


def test_a_failing_page_is_the_chinese_500_page(client_as):
    client = client_as("office")
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    text = page_text(response)
    assert "服务器内部错误" in text and "a page failed" not in text
    assert_way_back(text)


def test_a_page_post_without_csrf_token_is_the_chinese_403_page(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("office"))
    response = client.post("/inbox/read-all/")
    assert response.status_code == 403
    text = page_text(response)
    assert "页面已过期" in text and "CSRF" in text
    assert_way_back(text)


# ----- the API: JSON in Chinese -----


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    return body["error"]


def test_api_unknown_address_is_json_404(api_as):
    response = api_as("office").get("/api/no-such-thing")
    assert response.status_code == 404
    assert error_of(response) == {
        "code": "not_found",
        "message": "记录不存在或无权访问。",
        "details": None,
    }


def test_api_wrong_method_is_json_405(api_as):
    api = api_as("office")
    response = api.client.delete("/api/me", headers=api.headers)
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    error = error_of(response)
    assert error["code"] == "method_not_allowed"
    assert error["message"] == "此地址不支持 DELETE 请求（允许：GET）。"


def test_api_session_post_without_csrf_token_is_refused_in_chinese(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("office"))
    response = client.post("/api/notifications/read-all")
    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "csrf_failed"
    assert "CSRF 校验未通过" in error["message"] and "Failed" not in error["message"]
    # with the token the pages send, the same call goes through
    client.get("/inbox/")
    token = client.cookies["csrftoken"].value
    ok = client.post("/api/notifications/read-all", headers={"X-CSRFToken": token})
    assert ok.status_code == 200


def test_api_post_to_an_unknown_address_without_csrf_token_is_json(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("office"))
    response = client.post("/api/no-such-thing")
    assert response.status_code == 403
    assert error_of(response)["code"] == "csrf_failed"


def test_api_password_refused_by_the_validators_is_a_chinese_422(api_as):
    response = api_as("office").post(
        "/api/probe/password", {"password": "123"}, content_type="application/json"
    )
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert "密码至少 8 位" in error["message"]
    assert "too short" not in response.content.decode()
    assert error["details"] == [
        "密码至少 8 位（当前 3 位）",
        "密码须包含大写字母、小写字母、数字、符号中的至少 3 类（当前 1 类）",
        "该密码过于常见，容易被猜中。",
    ]


def test_api_failure_is_a_chinese_500_without_details(api_as):
    api = api_as("office")
    response = api.get("/api/probe/boom")
    assert response.status_code == 500
    assert error_of(response)["message"] == "服务器内部错误，已记录，请稍后重试。"
    assert "an operation failed" not in response.content.decode()


def test_user_creation_page_says_the_password_rule_in_chinese(client_as, area):
    response = client_as("secadmin").post(
        "/users/new/",
        {
            "username": "newbie",
            "full_name": "新同事",
            "roles": ["detachment_office"],
            "area": area("盘锦市").pk,
            "password": "abc",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "密码至少 8 位" in text and "too short" not in text
