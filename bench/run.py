#!/usr/bin/env python
"""Throughput and latency of the API, measured against a raw Django view in one run.

    make bench                                  # 1,000, 10,000 and 100,000 memorials
    make bench BENCH_ARGS="--sizes 1000 --duration 5"

For each size the script grows one database (the demo data plus `generate_sample` with
five anniversary events per memorial), serves it with gunicorn on loopback using the
production settings (bench/settings.py only adds the raw view and turns throttling
off), and drives every endpoint with wrk. It prints a Markdown table and writes it with
the raw numbers to bench/results/. Requests are sent only to 127.0.0.1.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEMO_MEMORIAL = "khojaly-memorial-the-hague"

# (name, path, needs an ETag for If-None-Match)
ENDPOINTS = [
    ("raw .values() view", "/bench/raw/memorials/?page_size=20", False),
    ("memorial list", "/api/v1/memorials/?page_size=20", False),
    ("filtered list", "/api/v1/memorials/?country=NL&kind=monument&page_size=20", False),
    ("search", "/api/v1/memorials/?search=khojaly", False),
    ("GeoJSON page (1,000)", "/api/v1/memorials/?format=geojson&page_size=1000", False),
    ("item", f"/api/v1/memorials/{DEMO_MEMORIAL}/", False),
    ("item, 304", f"/api/v1/memorials/{DEMO_MEMORIAL}/", True),
]


def run(cmd: list[str], env: dict) -> str:
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


def manage(env: dict, *args: str) -> str:
    return run([sys.executable, "manage.py", *args], env)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        return shutil.which("wrk")
    sys.exit("The benchmark needs wrk (Debian: apt-get install wrk).")


def wait_until_up(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not come up")


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.headers["ETag"]


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(binary: str, url: str, *, duration: int, connections: int, headers: list[str]) -> dict:
    cmd = [binary, "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url]
    for header in headers:
        cmd[1:1] = ["-H", header]
    output = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99_ms": _ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def measure(size: int, env: dict, args, wrk_binary: str) -> list[dict]:
    port = args.port
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(base)
        rows = []
        for name, path, conditional in ENDPOINTS:
            url = base + path
            headers = [f"If-None-Match: {etag_of(url)}"] if conditional else []
            wrk(wrk_binary, url, duration=1, connections=args.connections, headers=headers)
            result = wrk(
                wrk_binary,
                url,
                duration=args.duration,
                connections=args.connections,
                headers=headers,
            )
            rows.append({"size": size, "endpoint": name, "path": path, **result})
            print(
                f"{size:>7} {name:<22} {result['rps']:>8.0f} req/s  "
                f"p50 {result['p50_ms']:.1f} ms  p99 {result['p99_ms']:.1f} ms",
                flush=True,
            )
        return rows
    finally:
        server.terminate()
        server.wait(timeout=30)


def markdown(rows: list[dict]) -> str:
    lines = [
        "| memorials | endpoint | req/s | vs raw | p50 ms | p99 ms | errors |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    raw = {r["size"]: r["rps"] for r in rows if r["endpoint"].startswith("raw")}
    for r in rows:
        ratio = r["rps"] / raw[r["size"]] if raw.get(r["size"]) else 0
        lines.append(
            f"| {r['size']:,} | {r['endpoint']} | {r['rps']:,.0f} | {ratio:.2f}x "
            f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--events-per-memorial", type=int, default=5)
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--database-url", default="", help="default: a fresh SQLite file in bench/results/"
    )
    args = parser.parse_args()

    wrk_binary = ensure_wrk()
    RESULTS.mkdir(parents=True, exist_ok=True)
    database = RESULTS / "bench.sqlite3"
    if not args.database_url:
        for leftover in RESULTS.glob("bench.sqlite3*"):
            leftover.unlink()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": args.database_url or f"sqlite:///{database}",
    }
    manage(env, "migrate", "--no-input")
    if args.database_url:
        manage(env, "flush", "--no-input")
    manage(env, "load_demo")

    rows, seeded = [], 0
    for size in sorted(args.sizes):
        started = time.monotonic()
        manage(
            env,
            "generate_sample",
            "--memorials",
            str(size - seeded),
            "--events-per-memorial",
            str(args.events_per_memorial),
            "--articles",
            "0",
            "--seed",
            str(size),
        )
        print(f"generated {size - seeded:,} memorials in {time.monotonic() - started:.1f} s")
        seeded = size
        rows += measure(size, env, args, wrk_binary)

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    table = markdown(rows)
    (RESULTS / f"{stamp}.md").write_text(table + "\n")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(rows, indent=2))
    print()
    print(table)


if __name__ == "__main__":
    main()
