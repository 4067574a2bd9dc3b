"""The read replica's router: the dashboard and the exports read from the replica
when one is configured; writes, migrations and every other read use the primary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from xiaoan.core import replica
from xiaoan.core.replica import REPLICA, ReplicaRouter, replica_reads
from xiaoan.hazards.models import Hazard


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch) -> None:
    """As with XIAOAN_REPLICA_URL set."""
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


def test_without_a_replica_every_read_uses_the_primary() -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Hazard) is None
    with replica_reads():
        assert router.db_for_read(Hazard) is None


def test_with_a_replica_only_reads_inside_the_block_go_to_it(configured: None) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Hazard) is None
    with replica_reads():
        assert router.db_for_read(Hazard) == REPLICA
        assert router.db_for_write(Hazard) == "default"
    assert router.db_for_read(Hazard) is None


def test_migrations_run_on_the_primary_only() -> None:
    router = ReplicaRouter()
    assert router.allow_migrate("default", "hazards") is True
    assert router.allow_migrate(REPLICA, "hazards") is False


def test_the_block_ends_even_when_its_work_fails(configured: None) -> None:
    router = ReplicaRouter()
    with pytest.raises(RuntimeError), replica_reads():
        raise RuntimeError
    assert router.db_for_read(Hazard) is None


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each read the router is asked about happens inside `replica_reads()`."""
    seen: list[bool] = []
    original = ReplicaRouter.db_for_read

    def spy(self: Any, model: Any, **hints: Any) -> str | None:
        seen.append(replica._reading_replica.get())
        return original(self, model, **hints)

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    return seen


def test_the_dashboard_is_built_from_replica_reads(client_as: Any, reads: list[bool]) -> None:
    assert client_as("office").get("/dashboard/").status_code == 200
    assert True in reads
    assert False in reads  # signing in and the page's own lookups stay on the primary


def test_an_export_writes_its_rows_from_replica_reads(client_as: Any, reads: list[bool]) -> None:
    response = client_as("xinglongtai").get("/hazards/export.xlsx")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert True in reads


def test_the_replica_is_configured_from_its_url() -> None:
    env = os.environ | {
        "XIAOAN_REPLICA_URL": "postgres://reader:secret@replica.example:5433/xiaoan"
    }
    script = (
        "import json; from xiaoan import settings as s; r = s.DATABASES['replica']; "
        "print(json.dumps([r['HOST'], r['PORT'], r['NAME'], r['TEST'], s.DATABASE_ROUTERS]))"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    host, port, name, test, routers = json.loads(out.stdout)
    assert (host, port, name) == ("replica.example", 5433, "xiaoan")
    assert test == {"MIRROR": "default"}  # tests read the primary's test database
    assert routers == ["xiaoan.core.replica.ReplicaRouter"]
