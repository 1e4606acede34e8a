"""A real gunicorn with two worker processes, on the test's own database copy."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gunicorn_server(database_url, tmp_path):
    """Serve the app with gunicorn -w 2 on a free loopback port; yields the base URL."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "BOARD_INSTANCE_PATH": str(tmp_path),
        "BOARD_BASE_URL": f"http://127.0.0.1:{port}",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    process = subprocess.Popen(
        [gunicorn, "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "board:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    "gunicorn did not start: " + process.stdout.read().decode(errors="replace")
                ) from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=15)
    process.stdout.close()
