"""The reader's pages: paste or upload, review, confirm; list, export and scoping."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from docx import Document as WordDocument
from openpyxl import load_workbook

from tests.zipbombs import MB, bomb_docx
from xiaoan.directives.models import Instruction, Meeting
from xiaoan.reader.models import BriefingReading
from xiaoan.reader.parsing import read_briefing
from xiaoan.reader.proposals import with_defaults
from xiaoan.reader.services import do_confirm_reading

from .test_seed import without_spans

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SEED = (DATA / "seed.txt").read_text(encoding="utf-8")


class FormFields(HTMLParser):
    """What a browser would submit from the confirm form, as first shown."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data[name] = "on"
            elif a.get("type") != "file":
                self.data[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data


def preview(client: Any, **data: Any) -> tuple[Any, dict[str, str]]:
    response = client.post("/reader/new/", {"action": "preview", **data})
    assert response.status_code == 200
    fields = FormFields()
    fields.feed(response.content.decode())
    return response, fields.data


def test_paste_preview_and_confirm(client_as: Any, user: Any) -> None:
    client = client_as("office")
    assert "通报文字" in client.get("/reader/new/").content.decode()
    response, form = preview(client, text=SEED)
    page = response.content.decode()
    assert 'class="xa-hl xa-hl-instructions" id="src-instructions-0"' in page
    assert form["instructions-1-kind"] == "follow_up"
    assert form["meetings-0-items-1-deadline"] == "2024-12-31"
    assert form["text"].strip() == SEED.strip()

    del form["instructions-3-accept"]  # the person rejects the 圈阅
    form["meetings-2-title"] = "市委常委会会议"  # and renames a meeting
    response = client.post("/reader/new/", {**form, "action": "confirm"})
    reading = BriefingReading.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reader/{reading.pk}/"
    assert reading.records.filter(kind="instruction").count() == 3
    assert Meeting.objects.filter(title="市委常委会会议", area=user("office").area).exists()

    detail = client.get(response["Location"]).content.decode()
    assert "已创建的记录（18）" in detail and "4490件" in detail
    history = detail[detail.index('id="history"') :]
    assert "支队办公室" in history and "备注（统计数据等）" in history
    assert (
        f"/instructions/{reading.records.filter(kind='instruction').first().instruction_id}/"
        in detail
    )

    count = Instruction.objects.count()
    again = client.post("/reader/new/", {**form, "action": "confirm"}, follow=True)
    assert "未重复创建记录" in again.content.decode()
    assert Instruction.objects.count() == count


def test_a_bad_date_is_a_chinese_error_and_nothing_is_created(client_as: Any) -> None:
    client = client_as("office")
    _, form = preview(client, text=SEED)
    form["instructions-0-date"] = "2024-02-31"
    response = client.post("/reader/new/", {**form, "action": "confirm"})
    assert response.status_code == 200
    assert "第1条批示的日期“2024-02-31”无法识别" in response.content.decode()
    assert not BriefingReading.objects.exists()


def test_upload_a_word_document(client_as: Any) -> None:
    word = WordDocument()
    for line in SEED.splitlines():
        word.add_paragraph(line)
    buffer = io.BytesIO()
    word.save(buffer)
    upload = SimpleUploadedFile("通报.docx", buffer.getvalue())
    _, form = preview(client_as("office"), file=upload)
    assert form["instructions-0-leader"] == "炳森"
    assert form["source_name"] == "通报.docx"
    assert form["statistics-0-accept"] == "on"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02\x03" * 100, "既不是纯文本"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "旧版 Word"),
        (b"PK\x03\x04broken", "不是有效的 Word"),
        (b"", "请粘贴通报文字"),
    ],
)
def test_bad_uploads_say_what_is_wrong(client_as: Any, content: bytes, message: str) -> None:
    data: dict[str, Any] = {"action": "preview"}
    if content:
        data["file"] = SimpleUploadedFile("x.txt", content)
    response = client_as("office").post("/reader/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_word_document_inflating_far_beyond_its_size_is_refused(client_as: Any) -> None:
    bomb = bomb_docx(size=40 * MB)
    assert len(bomb) < 1 * MB
    response = client_as("office").post(
        "/reader/new/", {"action": "preview", "file": SimpleUploadedFile("通报.docx", bomb)}
    )
    assert response.status_code == 200
    assert "文件“通报.docx”：文件中的“word/media/padding.xml”压缩了" in response.content.decode()
    assert not BriefingReading.objects.filter(source_name="通报.docx").exists()


def test_control_characters_in_a_text_file_are_removed(client_as: Any) -> None:
    response = client_as("office").post(
        "/reader/new/",
        {
            "action": "preview",
            "file": SimpleUploadedFile("通报.txt", "消防\x0b安全\x00通报".encode()),
        },
    )
    assert "消防安全通报" in response.content.decode()


def test_pasted_text_loses_control_characters(client_as: Any) -> None:
    response = client_as("office").post(
        "/reader/new/", {"action": "preview", "text": "消防\x0b安全\x00通报"}
    )
    assert "消防安全通报" in response.content.decode()


def test_pasted_text_beyond_the_limit_is_refused_with_its_size(client_as: Any) -> None:
    from xiaoan.core.text import SOURCE_TEXT_MAX

    response = client_as("office").post(
        "/reader/new/", {"action": "preview", "text": "消" * (SOURCE_TEXT_MAX + 1)}
    )
    assert response.status_code == 200
    assert f"内容超过 {SOURCE_TEXT_MAX} 字" in response.content.decode()


def test_gbk_text_file_is_read(client_as: Any) -> None:
    upload = SimpleUploadedFile("seed.txt", SEED.encode("gb18030"))
    _, form = preview(client_as("office"), file=upload)
    assert form["instructions-2-source"] == "辽宁省12345政务服务便民平台专报"


def test_a_brigade_cannot_use_the_reader(client_as: Any) -> None:
    response = client_as("xinglongtai").post("/reader/new/", {"action": "preview", "text": SEED})
    assert response.status_code == 302
    assert not BriefingReading.objects.exists()


def _neighbour_reading(area: Any) -> BriefingReading:
    text = "双台子区消防通报\n（2024年3月4日）\n3月2日，王强区长带队检查，发现隐患5处。"
    reading = with_defaults(read_briefing(text).as_dict(), text)
    return do_confirm_reading(acting_user=None, text=text, proposals=reading, area=area("双台子区"))


def test_a_neighbours_reading_is_404(client_as: Any, area: Any) -> None:
    reading = _neighbour_reading(area)
    assert client_as("xinglongtai").get(f"/reader/{reading.pk}/").status_code == 404
    assert client_as("shuangtaizi").get(f"/reader/{reading.pk}/").status_code == 200
    assert client_as("office").get(f"/reader/{reading.pk}/").status_code == 200
    assert "双台子区消防通报" not in client_as("xinglongtai").get("/reader/").content.decode()


def test_list_filters_and_exports(client_as: Any, user: Any, area: Any) -> None:
    do_confirm_reading(
        acting_user=user("office"),
        text=SEED,
        proposals=with_defaults(read_briefing(SEED).as_dict(), SEED),
    )
    _neighbour_reading(area)
    client = client_as("office")
    page = client.get("/reader/", {"q": "行政办公"}).content.decode()
    assert "3月份行政办公会议重点工作情况通报" in page and "双台子区消防通报" not in page
    assert "筛选条件有误" in client.get("/reader/", {"created_from": "昨天"}).content.decode()
    response = client.get("/reader/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("标题", "成文日期")
    assert {r[0] for r in rows[1:]} == {"3月份行政办公会议重点工作情况通报", "双台子区消防通报"}


def test_command_prints_json_and_text(capsys: Any) -> None:
    call_command("read_briefing", str(DATA / "seed.txt"), "--json")
    printed = json.loads(capsys.readouterr().out)
    expected = json.loads((DATA / "seed_expected.json").read_text(encoding="utf-8"))
    assert without_spans(printed) == expected
    call_command("read_briefing", str(DATA / "seed.txt"))
    out = capsys.readouterr().out
    assert "领导批示（4）" in out and "[目标 市政消火栓 100个]" in out


def test_command_refuses_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("read_briefing", str(tmp_path / "missing.txt"))
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01\x02" * 50)
    with pytest.raises(CommandError, match="既不是纯文本"):
        call_command("read_briefing", str(junk))


def test_api_reads_without_creating(api_as: Any) -> None:
    api = api_as("office")
    response = api.post("/api/reader/read", {"text": SEED}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert without_spans(body) == json.loads(
        (DATA / "seed_expected.json").read_text(encoding="utf-8")
    )
    assert not BriefingReading.objects.exists()
    refused = api_as("xinglongtai").post(
        "/api/reader/read", {"text": SEED}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == "您的角色无权识别通报。"


def test_api_readings_are_scoped(api_as: Any, area: Any) -> None:
    reading = _neighbour_reading(area)
    neighbour = api_as("xinglongtai").get(f"/api/reader/readings/{reading.pk}")
    assert neighbour.status_code == 404
    assert neighbour.json() == {
        "error": {"code": "not_found", "message": "记录不存在或无权访问。", "details": None}
    }
    assert api_as("xinglongtai").get("/api/reader/readings").json()["count"] == 0
    own = api_as("shuangtaizi").get(f"/api/reader/readings/{reading.pk}").json()
    assert own["records"][0]["kind"] == "visit" and own["records"][0]["url"].startswith(
        "/supervision-visits/"
    )


def test_list_page_and_endpoint_queries(client_as: Any, api_as: Any, user: Any, area: Any) -> None:
    from xiaoan.core.testing import assert_query_count, get_with_query_count

    do_confirm_reading(
        acting_user=user("office"),
        text=SEED,
        proposals=with_defaults(read_briefing(SEED).as_dict(), SEED),
    )
    _neighbour_reading(area)
    # session, user, unread count; then count + page (area and confirmer joined)
    get_with_query_count(client_as("office"), "/reader/", 5)
    api = api_as("office")
    api.get("/api/me")  # the token's first use records last_used_at
    with assert_query_count(3):  # token, count, page
        assert api.get("/api/reader/readings", limit=50).json()["count"] == 2


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(
    client_as: Any, settings: Any
) -> None:
    settings.XIAOAN_MAX_UPLOAD_MB = 0
    response = client_as("office").post(
        "/reader/new/", {"action": "preview", "file": SimpleUploadedFile("通报.txt", b"text")}
    )
    assert "文件“通报.txt”超过上传大小上限。" in response.content.decode()
