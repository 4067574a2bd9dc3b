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


def demo_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    dropped = {"SECRET_KEY", "XIAOAN_DEBUG", "XIAOAN_SECURE_COOKIES", "XIAOAN_TODAY", "XIAOAN_DEMO"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import xiaoan.settings as s; "
            "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.XIAOAN_TODAY)",
        ],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_demo_runs_without_debug_or_a_key_given(tmp_path):
    """XIAOAN_DEMO (which `xiaoan demo` sets): production settings, its own key kept
    under the data dir, cookies over plain HTTP, the seed's day."""
    first = demo_settings({"XIAOAN_DEMO": "1", "XIAOAN_DATA_DIR": str(tmp_path)})
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == ["False", "False", "False", "2024-03-04"]
    key = (tmp_path / "secret_key").read_text()
    demo_settings({"XIAOAN_DEMO": "1", "XIAOAN_DATA_DIR": str(tmp_path)})
    assert (tmp_path / "secret_key").read_text() == key


def test_the_demo_keeps_a_date_given_to_it(tmp_path):
    result = demo_settings(
        {"XIAOAN_DEMO": "1", "XIAOAN_DATA_DIR": str(tmp_path), "XIAOAN_TODAY": "2024-03-20"}
    )
    assert result.stdout.split()[-1] == "2024-03-20"


def test_the_xiaoan_command_puts_demo_in_demo_mode(tmp_path):
    """`xiaoan demo --help` loads the settings without a key: the command sets XIAOAN_DEMO."""
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "XIAOAN_DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-m", "xiaoan.cli", "demo", "--help"],
        env={**base, "XIAOAN_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "后台任务" in result.stdout
    refused = subprocess.run(
        [sys.executable, "-m", "xiaoan.cli", "check"],
        env={**base, "XIAOAN_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0 and "SECRET_KEY 未设置" in refused.stderr
