"""The import page with its background job, the list page and the API: scoping,
query counts, permissions."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from xiaoan.complaints.models import Complaint, ImportJob
from xiaoan.complaints.services import do_record_complaint
from xiaoan.core import pii
from xiaoan.core.clock import LOCAL_TZ
from xiaoan.core.testing import get_with_query_count

from .conftest import csv_bytes, good_row, mixed_rows, xlsx_bytes

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate(settings: Any, tmp_path: Any) -> None:
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def make(user: Any, area: Any, number: str, area_name: str, **fields: Any) -> Complaint:
    complaint, _ = do_record_complaint(
        None,
        acting_user=user("admin"),
        number=number,
        received_at=fields.pop("received_at", dt.datetime(2024, 2, 25, 9, tzinfo=LOCAL_TZ)),
        content=fields.pop("content", "楼道电动车充电"),
        area=area(area_name),
        **fields,
    )
    return complaint


def test_upload_runs_in_the_background_and_keeps_the_file(
    immediate: None, client_as: Any, user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_as("office")
    assert client.get("/complaints/import/").status_code == 200
    upload = SimpleUploadedFile("2月工单.xlsx", xlsx_bytes(mixed_rows()))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/complaints/import/", {"file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/complaints/imports/{job.pk}/"
    assert job.status == "done" and job.percent == 100 and (job.done, job.total) == (6, 6)
    assert (job.imported, job.updated, job.rejected) == (3, 0, 3)
    assert job.imported_by == user("office") and job.original_name == "2月工单.xlsx"
    assert [e["row"] for e in job.errors] == [4, 5, 6]
    with job.file.open("rb") as kept:  # the original, kept through Django's storage
        stored = kept.read()
    assert stored.startswith(pii.FILE_MAGIC)  # it holds callers' numbers: kept encrypted
    original_bytes = pii.decrypt_file_content(stored)
    assert load_workbook(io.BytesIO(original_bytes)).active.max_row == 7  # type: ignore[union-attr]
    with job.rejected_file.open("rb") as kept:
        assert kept.read().startswith(pii.FILE_MAGIC)

    page = client.get(f"/complaints/imports/{job.pk}/").content.decode()
    assert "100%" in page and "新增 <strong>3</strong>" in page and "诉求内容为空" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: no more polling
    progress = client.get(f"/complaints/imports/{job.pk}/progress/")
    assert progress.status_code == 200 and b"xa-import-errors" in progress.content

    rejected = client.get(f"/complaints/imports/{job.pk}/files/rejected/")
    assert rejected.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(rejected.streaming_content))).active
    assert sheet is not None and sheet.max_row == 4
    original = client.get(f"/complaints/imports/{job.pk}/files/original/")
    assert b"".join(original.streaming_content) == original_bytes
    assert "2%E6%9C%88" in original["Content-Disposition"]  # the upload's own name

    history = client.get("/complaints/imports/").content.decode()
    assert "2月工单.xlsx" in history and "支队办公室" in history


def test_a_running_job_polls_its_progress(client_as: Any, user: Any, area: Any) -> None:
    office = user("office")
    job = ImportJob.objects.create(
        original_name="x.csv",
        imported_by=office,
        area=office.area,
        status="running",
        total=200,
        done=50,
    )
    page = client_as("office").get(f"/complaints/imports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "25%" in page and "已处理 50 / 200 行" in page


def test_api_upload_and_progress(
    immediate: None, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    api = api_as("office")
    upload = SimpleUploadedFile("export.csv", csv_bytes(mixed_rows(), encoding="gbk"))
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/complaints/imports", {"file": upload})
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    body = api.get(f"/api/complaints/imports/{job_id}").json()
    assert body["status"] == "done" and body["percent"] == 100
    assert (body["rows"], body["imported"], body["updated"], body["rejected"]) == (6, 3, 0, 3)
    assert body["errors"][1] == {"row": 5, "column": "诉求内容", "reason": "诉求内容为空"}


def test_a_refused_file_ends_the_job_with_its_reason(
    immediate: None, client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload = SimpleUploadedFile("bad.csv", csv_bytes([["1"]], header=["工单编号"]))
    with django_capture_on_commit_callbacks(execute=True):
        client_as("office").post("/complaints/import/", {"file": upload})
    job = ImportJob.objects.get()
    assert job.status == "refused" and "来电时间" in job.message and job.percent == 100


def test_upload_is_checked_by_content(client_as: Any) -> None:
    upload = SimpleUploadedFile("export.xlsx", b"MZ\x90\x00\x03\x00\x00\x00")
    response = client_as("office").post("/complaints/import/", {"file": upload})
    assert response.status_code == 200 and "不是 .xlsx 或 .csv" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_brigade_may_not_import(client_as: Any, api_as: Any) -> None:
    response = client_as("xinglongtai").get("/complaints/import/")
    assert response.status_code == 302 and response.url == "/complaints/"
    upload = SimpleUploadedFile("export.csv", csv_bytes([good_row("B1")]))
    assert client_as("xinglongtai").post("/complaints/import/", {"file": upload}).status_code == 302
    upload = SimpleUploadedFile("export.csv", csv_bytes([good_row("B1")]))
    response = api_as("xinglongtai").post("/api/complaints/imports", {"file": upload})
    assert response.status_code == 403
    assert ImportJob.objects.count() == 0 and Complaint.objects.count() == 0
    assert (
        "导入 12345 导出文件" not in client_as("xinglongtai").get("/complaints/").content.decode()
    )


def test_scoping_a_neighbours_order_is_404(
    user: Any, area: Any, client_as: Any, api_as: Any
) -> None:
    mine = make(user, area, "M1", "兴隆台区")
    theirs = make(user, area, "T1", "双台子区")
    client, api = client_as("xinglongtai"), api_as("xinglongtai")
    assert client.get(f"/complaints/{mine.pk}/").status_code == 200
    assert client.get(f"/complaints/{theirs.pk}/").status_code == 404
    assert api.get(f"/api/complaints/{mine.pk}").status_code == 200
    assert api.get(f"/api/complaints/{theirs.pk}").status_code == 404
    assert [c["number"] for c in api.get("/api/complaints").json()["items"]] == ["M1"]
    # the city sees both, and an order not yet placed (area None) only the city sees
    unplaced = make(user, area, "U1", "盘锦市")
    Complaint.objects.filter(pk=unplaced.pk).update(area=None)
    assert api_as("office").get("/api/complaints").json()["count"] == 3
    assert api.get(f"/api/complaints/{unplaced.pk}").status_code == 404
    assert client_as("office").get(f"/complaints/{unplaced.pk}/").status_code == 200


def test_filters_on_page_and_api(user: Any, area: Any, client_as: Any, api_as: Any) -> None:
    make(user, area, "F1", "兴隆台区", status="已办结", title="飞线充电")
    make(
        user,
        area,
        "F2",
        "兴隆台区",
        status="办理中",
        received_at=dt.datetime(2024, 3, 2, 23, 30, tzinfo=LOCAL_TZ),
    )
    api = api_as("office")

    def numbers(**params: Any) -> list[str]:
        return [c["number"] for c in api.get("/api/complaints", **params).json()["items"]]

    assert numbers(status="已办结") == ["F1"]
    assert numbers(q="飞线") == ["F1"]
    assert numbers(received_from="2024-03-02") == ["F2"]
    assert numbers(received_to="2024-03-01") == ["F1"]
    assert numbers(received_from="2024-02-25", received_to="2024-03-02") == ["F2", "F1"]
    page = client_as("office").get("/complaints/", {"status": "办理中"}).content.decode()
    assert "F2" in page and "F1</a>" not in page


def test_list_query_counts(user: Any, area: Any, client_as: Any, api_as: Any) -> None:
    for i in range(30):
        make(user, area, f"Q{i:02d}", "兴隆台区" if i % 2 else "惠宾社区")
    client = client_as("office")
    # session, user, count, statuses, handling units (filter), unread notifications, page
    response = get_with_query_count(client, "/complaints/", 7)
    assert response.status_code == 200 and "第 1 / 2 页" in response.content.decode()
    api = api_as("office")
    api.get("/api/me")  # the token's first use is written once (last used, security log)
    # token with its user, count, items
    response = get_with_query_count(api.client, "/api/complaints", 3, headers=api.headers)
    assert response.json()["count"] == 30 and len(response.json()["items"]) == 30


def test_an_export_over_the_import_limit_is_refused_with_its_size(
    client_as: Any, settings: Any
) -> None:
    settings.XIAOAN_IMPORT_MAX_MB = 1
    upload = SimpleUploadedFile("export.csv", b"x" * (1536 * 1024))
    response = client_as("office").post("/complaints/import/", {"file": upload})
    assert "文件大小 1.5 MB，超过上限 1 MB。" in response.content.decode()
    assert ImportJob.objects.count() == 0
