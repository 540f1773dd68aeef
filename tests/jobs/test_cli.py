"""``participation worker`` without Redis explains itself and stops; --help stays light."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from participation.config import PROJECT_ROOT


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTICIPATION_")}
    env.update(
        {
            "PARTICIPATION_INSTANCE_PATH": str(tmp_path),
            "PARTICIPATION_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}",
        }
    )
    script = Path(sys.executable).parent / "participation"
    return subprocess.run(
        [str(script), *args],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_worker_refuses_without_redis(tmp_path: Path) -> None:
    result = _run(tmp_path, "worker")
    assert result.returncode != 0
    assert "Tanpa Redis, pekerjaan dijalankan di dalam proses aplikasi" in result.stderr
    assert "PARTICIPATION_REDIS_URL" in result.stderr


def test_the_worker_command_is_listed_and_documented(tmp_path: Path) -> None:
    listing = _run(tmp_path, "--help")
    assert listing.returncode == 0
    assert "worker" in listing.stdout
    own = _run(tmp_path, "worker", "--help")
    assert own.returncode == 0
    assert "--burst" in own.stdout
    assert "--queues" in own.stdout
