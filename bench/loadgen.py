"""A small closed-loop load generator: N keep-alive clients for a fixed time, on loopback only."""

import http.client
import statistics
import threading
import time
from urllib.parse import urlsplit

# Sign in and drive with one User-Agent, as one browser would: Flask-Login ties a session
# to it, and a session used from another marks itself not fresh (a new cookie) on every request.
USER_AGENT = "board-bench/1"


def _percentile(ordered: list[float], share: float) -> float:
    """The value below which ``share`` of the sorted samples fall (nearest rank)."""
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def drive(url: str, *, cookie: str | None = None, concurrency: int = 8, seconds: float = 5.0) -> dict:
    """Request ``url`` from ``concurrency`` clients for ``seconds``; return rps, p50, p95, p99 (ms), errors."""
    parts = urlsplit(url)
    assert parts.hostname in ("127.0.0.1", "localhost"), "benchmarks only ever target loopback"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine = []
        bad = 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    if not latencies:
        return {
            "rps": 0.0,
            "p50": float("nan"),
            "p95": float("nan"),
            "p99": float("nan"),
            "errors": errors[0],
            "requests": 0,
        }
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": _percentile(latencies, 0.95) * 1000,
        "p99": _percentile(latencies, 0.99) * 1000,
        "errors": errors[0],
        "requests": len(latencies),
    }
