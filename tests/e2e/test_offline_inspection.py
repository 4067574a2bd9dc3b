"""The inspection form on a phone without a connection, and 消安 as an installable app.

An inspector fills in the form on a 375-px phone with no connection: the
inspection and its photo wait on the phone (IndexedDB) and go up, once, when the
connection returns; sending the same stored item again records nothing new,
because the server recognises its client key. The service worker is blocked in
those journeys so that they test the queue alone; the last journey lets it run
and opens an inspection form that was seen before without a connection.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Request, expect

from tests.e2e.conftest import Traffic
from tests.e2e.test_journeys import PHONE, main, no_horizontal_overflow, path_is, sign_in
from xiaoan.areas.models import Area, User
from xiaoan.core.models import Attachment
from xiaoan.hazards.models import Hazard, Inspection
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.e2e

#: a small phone: 375 × 740 CSS pixels, touch
PHONE_375 = {**PHONE, "viewport": {"width": 375, "height": 740}}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
SAVED_ONE = "已保存在手机上（1 条待上传），联网后自动上传。"
UPLOADED = "已联网，离线保存的检查已全部上传。"


def png() -> bytes:
    """A real 2×2 red PNG (the server checks uploads by their content)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xb4\x23\x2a" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PHOTO = {"name": "楼道电动车.png", "mimeType": "image/png", "buffer": png()}


def register_place(name: str, area: str = "惠宾社区") -> Place:
    """A residential compound; in 惠宾社区, 兴隆台区, it is 兴隆台大队's to inspect."""
    return do_register_place(
        acting_user=None,
        name=name,
        address=f"{area}{name}",
        area=Area.objects.get(name=area),
        kind=PlaceKind.RESIDENTIAL,
    )


def form_url(place: Place) -> str:
    return f"/places/{place.pk}/inspect/"


def posts_to(context: BrowserContext, place: Place) -> list[str]:
    """The inspection form posts the context's pages make from now on."""
    sent: list[str] = []

    def note(request: Request) -> None:
        if request.method == "POST" and request.url.endswith(form_url(place)):
            sent.append(request.url)

    context.on("request", note)
    return sent


def fill_in_a_hazard(page: Page, description: str) -> None:
    form = page.locator("#xa-inspection-form")
    form.get_by_label("检查类型").select_option(label="大队检查")
    form.get_by_label("电动车违规停放充电", exact=True).check()
    form.get_by_label("隐患描述").fill(description)
    form.get_by_label("现场照片").set_input_files(PHOTO)


def submit(page: Page) -> None:
    button = page.locator("#xa-inspection-form").get_by_role("button", name="提交并签字")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    button.tap()


def stored(page: Page) -> list[dict[str, Any]]:
    """What waits on the phone, as the page's queue sees it."""
    return page.evaluate(
        """() => window.xiaoanQueue.list().then(items => items.map(item => ({
            key: item.client_key,
            url: item.url,
            place: item.place,
            state: item.state,
            owner: item.owner,
            photos: item.fields.filter(f => f.file).map(f => [f.filename, f.file.size]),
            description: (item.fields.find(f => f.name === "description") || {}).value,
        })))"""
    )


def photos_of(hazard: Hazard) -> list[str]:
    return [
        a.original_name
        for a in Attachment.objects.filter(target_type__model="hazard", target_id=hazard.pk)
    ]


def test_an_inspection_made_offline_is_uploaded_once(
    new_context: Callable[..., BrowserContext], traffic: Traffic
) -> None:
    place = register_place("离线1号楼")
    inspector = User.objects.get(username="xinglongtai")
    context = new_context(**PHONE_375, service_workers="block")
    posts = posts_to(context, place)
    page = context.new_page()
    sign_in(page, "xinglongtai")

    page.goto(form_url(place))
    expect(page.get_by_role("heading", name=f"检查：{place.name}")).to_be_visible()
    no_horizontal_overflow(page)
    key = page.locator("#xa-client-key").input_value()
    assert UUID.match(key), key
    # a second tab, on another page: it uploads too when the connection returns
    other = context.new_page()
    other.goto("/inspections/")
    expect(other.get_by_role("heading", name="检查", exact=True)).to_be_visible()

    # No connection: the inspection and its photo are kept on the phone.
    context.set_offline(True)
    fill_in_a_hazard(page, "3号楼1单元楼道停放电动车4辆，其中1辆正在充电。")
    submit(page)
    status = page.locator("#xa-offline-status")
    expect(status).to_have_text(SAVED_ONE)
    expect(page.locator("#xa-queue-badge")).to_have_text("待上传 1")
    expect(other.locator("#xa-queue-badge")).to_have_text("待上传 1")
    no_horizontal_overflow(page)
    assert stored(page) == [
        {
            "key": key,
            "url": form_url(place),
            "place": place.name,
            "state": "waiting",
            "owner": f"/users/{inspector.pk}/",
            "photos": [[PHOTO["name"], len(PHOTO["buffer"])]],
            "description": "3号楼1单元楼道停放电动车4辆，其中1辆正在充电。",
        }
    ]
    assert posts == []
    assert not Inspection.objects.filter(place=place).exists()
    # the form is cleared for the next inspection, which gets a key of its own
    expect(page.get_by_label("隐患描述")).to_have_value("")
    expect(page.get_by_label("电动车违规停放充电", exact=True)).not_to_be_checked()
    assert page.locator("#xa-client-key").input_value() not in {"", key}
    # a copy of the stored item, to send it again later
    page.evaluate("() => window.xiaoanQueue.list().then(items => { window.kept = items[0]; })")

    # The connection returns: both tabs try; it goes up once.
    context.set_offline(False)
    expect(status).to_have_text(UPLOADED)
    expect(page.locator("#xa-queue-badge")).to_have_count(0)
    for tab in (page, other):
        expect(tab.locator("#xa-queue-done")).to_have_text("已上传 1 条离线保存的检查")
    assert stored(page) == []
    assert len(posts) == 1, posts
    inspection = Inspection.objects.get(place=place)
    assert inspection.client_key == key
    assert inspection.created_by.username == "xinglongtai"
    hazard = inspection.hazards.get()
    assert (hazard.category, hazard.description) == (
        "ebike_indoor",
        "3号楼1单元楼道停放电动车4辆，其中1辆正在充电。",
    )
    assert photos_of(hazard) == [PHOTO["name"]]

    # The same stored item sent again (its answer was lost, say): still one inspection.
    page.evaluate(
        "async () => { await window.xiaoanQueue.save(window.kept);"
        " await window.xiaoanQueue.replay(); }"
    )
    assert len(posts) == 2, posts
    assert stored(page) == []
    assert Inspection.objects.filter(place=place).count() == 1
    assert Hazard.objects.filter(place=place).count() == 1
    assert photos_of(hazard) == [PHOTO["name"]]

    # Pages loaded again send nothing more.
    page.reload()
    page.reload()
    expect(page.locator("#xa-client-key")).not_to_have_value("")
    assert len(posts) == 2, posts
    assert Inspection.objects.filter(place=place).count() == 1

    # The inspection, as recorded.
    page.goto(f"/inspections/{inspection.pk}/")
    expect(page.locator("#xa-inspection-result")).to_have_text("发现隐患")
    expect(page.locator("#xa-inspection-hazards > li")).to_have_count(1)
    assert traffic.page_errors == []
    assert traffic.console_errors == []


def test_online_the_form_answers_as_a_normal_submission(
    new_context: Callable[..., BrowserContext], traffic: Traffic
) -> None:
    place = register_place("在线2号楼")
    context = new_context(**PHONE_375, service_workers="block")
    posts = posts_to(context, place)
    page = context.new_page()
    sign_in(page, "xinglongtai")
    page.goto(form_url(place))

    # A hazard without a description: the server's answer, the form with its error.
    form = page.locator("#xa-inspection-form")
    form.get_by_label("检查类型").select_option(label="大队检查")
    form.get_by_label("楼道堆放杂物", exact=True).check()
    submit(page)
    expect(page.locator("#xa-inspection-form .text-danger")).to_have_text("请描述发现的隐患。")
    expect(page).to_have_url(path_is(form_url(place)))
    assert len(posts) == 1
    assert not Inspection.objects.filter(place=place).exists()
    expect(page.locator("#xa-offline-status")).to_have_count(0)

    # Described: recorded, and the inspection shown with the server's message.
    form = page.locator("#xa-inspection-form")
    expect(form.get_by_label("楼道堆放杂物", exact=True)).to_be_checked()
    key = page.locator("#xa-client-key").input_value()
    assert UUID.match(key), key
    form.get_by_label("隐患描述").fill("2单元楼道堆放纸箱。")
    submit(page)
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/inspections/\d+/$"))
    expect(main(page).get_by_role("alert")).to_have_text("已登记检查：发现隐患 1 处。")
    expect(page.locator("#xa-inspection-result")).to_have_text("发现隐患")
    inspection = Inspection.objects.get(place=place)
    assert inspection.client_key == key
    assert page.url.endswith(f"/inspections/{inspection.pk}/")
    assert len(posts) == 2
    assert stored(page) == []

    # The page works as one loaded normally: the menu unfolds, its links lead on.
    toggler = page.get_by_role("button", name="展开菜单")
    toggler.tap()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    page.locator("#xa-user-menu").tap()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    page.locator("#xa-inspection-hazards").get_by_role("link", name="楼道堆放杂物").tap()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/hazards/\d+/$"))
    assert traffic.page_errors == []
    assert traffic.console_errors == []


def test_an_upload_the_server_refuses_waits_for_someone_to_look(
    new_context: Callable[..., BrowserContext],
) -> None:
    mine = register_place("离线5号楼")
    neighbours = register_place("邻区1号楼", area="双台子区")
    context = new_context(**PHONE_375, service_workers="block")
    page = context.new_page()
    sign_in(page, "xinglongtai")
    page.goto("/inspections/")

    # Two inspections kept on the phone: one at a place no longer mine, one that
    # the server finds incomplete (neither a hazard nor "no hazard").
    page.evaluate(
        """([theirs, mine]) => Promise.all([
            [theirs, "邻区1号楼", "2024-03-04T01:00:00Z", [["no_hazard", "on"]]],
            [mine, "离线5号楼", "2024-03-04T02:00:00Z", [["notes", "门卫不在"]]],
        ].map(([url, place, at, fields]) => window.xiaoanQueue.save({
            client_key: window.xiaoanQueue.newKey(), url: url, place: place, saved_at: at,
            owner: window.xiaoanQueue.currentUser(),
            fields: [["kind", "brigade"], ...fields].map(([name, value]) => ({name, value})),
        }))).then(() => window.xiaoanQueue.replay())""",
        [form_url(neighbours), form_url(mine)],
    )
    badge = page.locator("#xa-queue-badge")
    expect(badge).to_have_text("待上传 2（2 条需处理）")
    assert [item["state"] for item in stored(page)] == ["attention", "attention"]
    assert not Inspection.objects.filter(place__in=[mine, neighbours]).exists()

    # The badge opens the list: what the server said about each.
    badge.tap()
    rows = page.locator("#xa-queue-panel li")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("邻区1号楼")
    expect(rows.nth(0)).to_contain_text("需处理：场所不存在或已无权访问（404）")
    expect(rows.nth(1)).to_contain_text("离线5号楼")
    expect(rows.nth(1)).to_contain_text("需处理：请登记发现的隐患，或明确勾选“未发现隐患”。")
    no_horizontal_overflow(page)

    # Not sent again by itself; deleted on request.
    posts = posts_to(context, mine)
    page.reload()
    expect(badge).to_have_text("待上传 2（2 条需处理）")
    badge.tap()
    with page.expect_response(lambda r: r.url.endswith(form_url(mine))):
        rows.nth(1).get_by_role("button", name="重试").tap()
    expect(rows.nth(1)).to_contain_text("需处理：请登记发现的隐患")
    assert len(posts) == 1
    for _ in range(2):
        page.once("dialog", lambda dialog: dialog.accept())
        rows.first.get_by_role("button", name="删除").tap()
    expect(badge).to_have_count(0)
    assert stored(page) == []


def test_the_installed_app_opens_a_form_seen_before_without_a_connection(
    new_context: Callable[..., BrowserContext], traffic: Traffic
) -> None:
    seen = register_place("离线3号楼")
    unseen = register_place("离线4号楼")
    context = new_context(**PHONE_375)
    page = context.new_page()
    sign_in(page, "xinglongtai")

    # Installable: the manifest, linked from every page, names the app and its icons.
    manifest_url = page.locator('link[rel="manifest"]').get_attribute("href")
    assert manifest_url == "/static/xiaoan/manifest.webmanifest"
    expect(page.locator('meta[name="theme-color"]')).to_have_attribute("content", "#b4232a")
    manifest = page.request.get(manifest_url).json()
    assert (manifest["name"], manifest["start_url"], manifest["display"]) == (
        "消安",
        "/inspections/",
        "standalone",
    )
    for icon in manifest["icons"]:
        response = page.request.get("/static/xiaoan/" + icon["src"])
        assert response.ok and response.headers["content-type"] == "image/png", icon

    # The service worker, from the site root, looks after the whole site.
    page.goto(form_url(seen))
    scope = page.evaluate("() => navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == page.url.split("/places/")[0] + "/"
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()  # through the worker now, which keeps the form
    page.wait_for_function(
        "() => caches.match(location.href, {ignoreVary: true}).then(Boolean)", polling=100
    )

    # No connection: the form seen before opens, and keeps what is filled in.
    context.set_offline(True)
    response = page.reload()
    assert response is not None and response.from_service_worker
    expect(page.get_by_role("heading", name=f"检查：{seen.name}")).to_be_visible()
    fill_in_a_hazard(page, "地下车库电动车充电。")
    submit(page)
    expect(page.locator("#xa-offline-status")).to_have_text(SAVED_ONE)

    # A form never opened cannot be shown; the worker says why.
    page.goto(form_url(unseen))
    expect(page.get_by_role("heading", name="没有网络连接")).to_be_visible()

    # Back online, on any page: the inspection goes up.
    context.set_offline(False)
    page.goto("/inspections/")
    expect(page.locator("#xa-queue-done")).to_have_text("已上传 1 条离线保存的检查")
    inspection = Inspection.objects.get(place=seen)
    assert inspection.hazards.get().description == "地下车库电动车充电。"
    assert not Inspection.objects.filter(place=unseen).exists()
    assert traffic.page_errors == []
