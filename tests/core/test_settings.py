"""Production refuses to start without a secret key; debug keeps one under var/."""

from __future__ import annotations

import os
import subprocess
import sys


def run_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "XIAOAN_DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", "import xiaoan.settings as s; print(s.SESSION_COOKIE_SECURE)"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = run_settings({"XIAOAN_DEBUG": "0", "XIAOAN_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY 未设置" in result.stderr


def test_production_with_a_key_uses_secure_cookies(tmp_path):
    result = run_settings(
        {
            "XIAOAN_DEBUG": "0",
            "SECRET_KEY": "k" * 50,
            "XIAOAN_DATA_DIR": str(tmp_path),
            "XIAOAN_SECURE_COOKIES": "",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_debug_generates_and_keeps_a_key_under_the_data_dir(tmp_path):
    first = run_settings({"XIAOAN_DEBUG": "1", "XIAOAN_DATA_DIR": str(tmp_path)})
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 40
    run_settings({"XIAOAN_DEBUG": "1", "XIAOAN_DATA_DIR": str(tmp_path)})
    assert (tmp_path / "secret_key").read_text() == key
