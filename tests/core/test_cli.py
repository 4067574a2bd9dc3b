"""The `xiaoan` command, run as a real process against real databases."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ENV_KEYS_DROPPED = {"DATABASE_URL", "XIAOAN_DATA_DIR", "XIAOAN_MEDIA_ROOT"}


def xiaoan(
    *args: str, data_dir: Path, database_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS_DROPPED}
    env.update(
        {
            "XIAOAN_DATA_DIR": str(data_dir),
            "SECRET_KEY": "cli-test",
            "XIAOAN_PII_KEY": "cli-test-personal-information-key",
            "XIAOAN_DEBUG": "0",
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "xiaoan.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        input="",
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """A SQLite database with the demo city, prepared once for this module."""
    data = tmp_path_factory.mktemp("cli")
    result = xiaoan("migrate", "--noinput", data_dir=data)
    assert result.returncode == 0, result.stderr
    first = xiaoan("loaddemo", data_dir=data)
    assert first.returncode == 0, first.stderr
    assert "新建区域 47 个，单位 20 个，用户 18 个" in first.stdout
    assert "xinglongtai" in first.stdout and "Xiaoan@2024" in first.stdout
    return data


def test_loaddemo_is_idempotent(demo_dir):
    again = xiaoan("loaddemo", data_dir=demo_dir)
    assert again.returncode == 0, again.stderr
    assert "新建区域 0 个，单位 0 个，用户 0 个" in again.stdout


def test_token_prints_a_working_token(demo_dir):
    result = xiaoan("token", "office", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert token.startswith("xa_") and len(token) > 30
    check = xiaoan(
        "shell",
        "--no-imports",
        "-c",
        f"from xiaoan.core.security import user_for_token; print(user_for_token('{token}').username)",
        data_dir=demo_dir,
    )
    assert check.stdout.strip() == "office"
    missing = xiaoan("token", "nobody", data_dir=demo_dir)
    assert missing.returncode != 0 and "用户“nobody”不存在" in missing.stderr


def count_users(data_dir: Path, database_url: str | None = None) -> str:
    result = xiaoan(
        "shell",
        "--no-imports",
        "-c",
        "from xiaoan.areas.models import User, Area; print(User.objects.count(), Area.objects.count())",
        data_dir=data_dir,
        database_url=database_url,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_backup_and_restore_into_a_fresh_sqlite_database(demo_dir, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    result = xiaoan("backup", str(archive), data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    fresh = tmp_path / "fresh"
    restored = xiaoan("restore", str(archive), "--yes", data_dir=fresh)
    assert restored.returncode == 0, restored.stderr
    assert count_users(fresh) == count_users(demo_dir) == "18 47"


def test_restore_asks_before_overwriting(demo_dir, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    xiaoan("backup", str(archive), data_dir=demo_dir)
    refused = xiaoan("restore", str(archive), data_dir=tmp_path / "other")
    assert refused.returncode != 0 and "已取消" in refused.stderr


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres") is False,
    reason="runs in the PostgreSQL pass of the suite",
)
def test_backup_from_sqlite_restores_into_postgresql(demo_dir, tmp_path, db):
    assert connection.vendor == "postgresql"
    name = f"xiaoan_restore_{uuid.uuid4().hex[:8]}"
    base_url = os.environ["DATABASE_URL"]
    admin_url = base_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        target = base_url.rsplit("/", 1)[0] + f"/{name}"
        archive = tmp_path / "backup.tar.gz"
        assert xiaoan("backup", str(archive), data_dir=demo_dir).returncode == 0
        restored = xiaoan(
            "restore", str(archive), "--yes", data_dir=tmp_path / "pg", database_url=target
        )
        assert restored.returncode == 0, restored.stderr
        assert count_users(tmp_path / "pg", target) == "18 47"
        # and back out of PostgreSQL into SQLite
        second = tmp_path / "from-pg.tar.gz"
        assert (
            xiaoan("backup", str(second), data_dir=tmp_path / "pg", database_url=target).returncode
            == 0
        )
        back = tmp_path / "sqlite-again"
        assert xiaoan("restore", str(second), "--yes", data_dir=back).returncode == 0
        assert count_users(back) == "18 47"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_bootstrap_a_new_installation(tmp_path):
    data = tmp_path / "new-install"
    assert xiaoan("migrate", "--noinput", data_dir=data).returncode == 0
    env_password = {
        "XIAOAN_ADMIN_PASSWORD": "First-admin-2024",
        "XIAOAN_SECURITY_ADMIN_PASSWORD": "First-security-2024",
    }
    os.environ.update(env_password)
    try:
        result = xiaoan(
            "bootstrap", "--city-code", "211200", "--city-name", "锦州市", data_dir=data
        )
        assert result.returncode == 0, result.stderr
        assert "已创建 锦州市（211200）和管理员 admin、安全管理员 secadmin" in result.stdout
        again = xiaoan("bootstrap", "--city-code", "211200", "--city-name", "锦州市", data_dir=data)
        assert again.returncode != 0 and "系统已初始化" in again.stderr
    finally:
        os.environ.pop("XIAOAN_ADMIN_PASSWORD")
        os.environ.pop("XIAOAN_SECURITY_ADMIN_PASSWORD")
    check = xiaoan(
        "shell",
        "--no-imports",
        "-c",
        "from xiaoan.areas.models import User; u = User.objects.get(username='admin'); "
        "print(u.check_password('First-admin-2024'), sorted(u.role_codes), u.area.name, "
        "u.organisation.name, u.must_change_password)",
        data_dir=data,
    )
    # the first administrator must choose their own password at the first sign-in
    assert check.stdout.strip() == "True ['admin'] 锦州市 锦州市消防救援支队 True"


def test_worker_once_runs_checks_and_queued_tasks(demo_dir):
    """`xiaoan worker --once`, as a real process: the queued first attempt of a
    webhook delivery runs, and its failure is recorded for a retry."""
    setup = xiaoan(
        "shell",
        "--no-imports",
        "-c",
        "from xiaoan.core.models import WebhookDelivery as W; from xiaoan.core.tasks import deliver_webhook; "
        "d = W.objects.create(url='http://127.0.0.1:9/robot', payload={}); deliver_webhook.enqueue(d.pk); print(d.pk)",
        data_dir=demo_dir,
    )
    assert setup.returncode == 0, setup.stderr
    pk = setup.stdout.strip()
    run = xiaoan("worker", "--once", data_dir=demo_dir)
    assert run.returncode == 0, run.stderr
    check = xiaoan(
        "shell",
        "--no-imports",
        "-c",
        f"from xiaoan.core.models import WebhookDelivery as W; d = W.objects.get(pk={pk}); print(d.attempts, d.status)",
        data_dir=demo_dir,
    )
    assert check.stdout.strip() == "1 pending"
