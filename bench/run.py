#!/usr/bin/env python
"""Throughput and latency of the API next to the plainest Django views, in one run.

    make bench                                     # SQLite; PostgreSQL too if DATABASE_URL
    make bench BENCH_ARGS="--sizes 1000 --duration 2"
    make bench BENCH_ARGS="--databases postgresql --database-url postgres://.../bench_x"

For each database and size the script grows one database (the demo data plus
`generate_sample`: five anniversary events per memorial, at most --max-events in all, so
500,000 memorials come with 1,000,000 events), serves it with gunicorn on loopback with
the production settings (bench/settings.py adds the plain views of bench/raw_views.py and
turns throttling off) and drives every endpoint with wrk. Each API endpoint is compared
with a baseline: the plain view that returns the same rows, or the full answer for a 304.
It also runs each endpoint once in process and saves the EXPLAIN of every query it makes.
Results (Markdown and JSON) go to bench/results/. Requests are sent only to 127.0.0.1.
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
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEMO_MEMORIAL = "khojaly-memorial-the-hague"
# Made by the first step of the default sizes (seed 1000): 1 in 3 of its memorials'
# events. With other --sizes this list is empty.
SAMPLE_EVENT = "sample-historical-event-1000-1"
P99_GOAL_MS = 100


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    vs: str | None = None  # the baseline endpoint: ratio = our req/s / its req/s
    goal: float | None = None  # the least ratio we aim for
    conditional: bool = False  # sent with If-None-Match: the answer's own ETag

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


MEMORIALS = "/api/v1/memorials/?page_size=50"
ITEM = f"/api/v1/memorials/{DEMO_MEMORIAL}/"
PLAIN = "plain list"
ENDPOINTS = [
    Endpoint(PLAIN, "/bench/plain/memorials/?page_size=50"),
    Endpoint("memorial list", MEMORIALS, vs=PLAIN, goal=0.8),
    Endpoint("plain list, IN", "/bench/plain/memorials/?country=IN&page_size=50"),
    Endpoint("country=IN", MEMORIALS + "&country=IN", vs="plain list, IN", goal=0.7),
    Endpoint(
        "plain events, khojaly",
        "/bench/plain/events/?commemorates=khojaly-massacre&upcoming=true&page_size=50",
    ),
    Endpoint(
        "events, khojaly upcoming",
        "/api/v1/events/?commemorates=khojaly-massacre&upcoming=true&page_size=50",
        vs="plain events, khojaly",
    ),
    Endpoint(
        "plain events, sample",
        f"/bench/plain/events/?commemorates={SAMPLE_EVENT}&upcoming=true&page_size=50",
    ),
    Endpoint(
        "events, sample upcoming",
        f"/api/v1/events/?commemorates={SAMPLE_EVENT}&upcoming=true&page_size=50",
        vs="plain events, sample",
    ),
    Endpoint("list 304", MEMORIALS, vs="memorial list", goal=2.0, conditional=True),
    Endpoint("search=khojaly", MEMORIALS + "&search=khojaly", vs=PLAIN),
    Endpoint("near (25 km)", MEMORIALS + "&near=52.08,4.30&radius=25", vs=PLAIN),
    Endpoint("bbox", MEMORIALS + "&bbox=4.2,52.0,4.4,52.1", vs=PLAIN),
    Endpoint("GeoJSON page (1,000)", "/api/v1/memorials/?format=geojson", vs=PLAIN),
    Endpoint("item", ITEM, vs=PLAIN),
    Endpoint("item 304", ITEM, vs="item", goal=2.0, conditional=True),
]


# --- running things -------------------------------------------------------------------------
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


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as answer:  # 304 and errors
        return answer.code, dict(answer.headers), answer.read()


def rows_in(body: bytes) -> str:
    """How many records an answer holds (`count` of a page, features of GeoJSON)."""
    try:
        data = json.loads(body)
    except ValueError:
        return "-"
    if "count" in data:  # null past API_COUNT_LIMIT
        return "null" if data["count"] is None else f"{data['count']:,}"
    if "features" in data:
        return f"{len(data['features']):,}"
    return "1"


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(binary: str, url: str, *, duration: int, connections: int, headers: list[str]) -> dict:
    cmd = [binary, "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
    for header in headers:
        cmd += ["-H", header]
    output = subprocess.run([*cmd, url], check=True, capture_output=True, text=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99_ms": _ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "load": round(os.getloadavg()[0], 1),  # the machine is shared: how busy it was
    }


def measure(database: str, size: int, env: dict, args, wrk_binary: str) -> list[dict]:
    base = f"http://127.0.0.1:{args.port}"
    gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", base[7:]]
    gunicorn += ["--workers", str(args.workers), "--log-level", "warning"]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env)
    try:
        wait_until_up(base)
        rows = []
        for endpoint in ENDPOINTS:
            url = base + endpoint.path
            status, headers, body = get(url)
            if endpoint.conditional:
                status, _, _ = get(url, {"If-None-Match": headers["ETag"]})
                wrk_headers = [f"If-None-Match: {headers['ETag']}"]
            else:
                wrk_headers = []
            wrk(wrk_binary, url, duration=1, connections=args.connections, headers=wrk_headers)
            result = wrk(
                wrk_binary,
                url,
                duration=args.duration,
                connections=args.connections,
                headers=wrk_headers,
            )
            rows.append(
                {
                    "database": database,
                    "size": size,
                    "endpoint": endpoint.name,
                    "path": endpoint.path,
                    "status": status,
                    "rows": rows_in(body),
                    **result,
                }
            )
            print(
                f"{database:<10} {size:>7} {endpoint.name:<25} {result['rps']:>7.0f} req/s  "
                f"p50 {result['p50_ms']:6.1f} ms  p99 {result['p99_ms']:6.1f} ms  "
                f"[{status}, {rows[-1]['rows']} rows, {result['errors']} errors, "
                f"load {result['load']}]",
                flush=True,
            )
        return rows
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- query plans (runs inside Django: manage.py shell -c) -------------------------------------
def explain_endpoints(output: str) -> None:
    """Request each endpoint once through Django's test client, record every SELECT it
    runs and write their plans to `output`: EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY
    PLAN on SQLite. A conditional endpoint is requested twice; the second (the 304) is
    the one explained."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    postgres = connection.vendor == "postgresql"
    lines = []
    for endpoint in ENDPOINTS:
        headers = {}
        if endpoint.conditional:
            headers["HTTP_IF_NONE_MATCH"] = client.get(endpoint.path).headers["ETag"]
        queries = []

        def record(execute, sql, params, many, context, queries=queries):
            queries.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            response = client.get(endpoint.path, **headers)
        selects = [(sql, p) for sql, p in queries if sql.lstrip().upper().startswith("SELECT")]
        lines += [f"## {endpoint.name}", "", f"`GET {endpoint.path}`", ""]
        lines += [f"{response.status_code}, {len(selects)} queries.", ""]
        for number, (sql, params) in enumerate(selects, 1):
            with connection.cursor() as cursor:
                if postgres:
                    cursor.execute("EXPLAIN ANALYZE " + sql, params)
                    plan = [row[0] for row in cursor.fetchall()]
                else:
                    cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                    plan = _sqlite_tree(cursor.fetchall())
            lines += [f"{number}. `{sql}`", "", "```", *plan, "```", ""]
    Path(output).write_text("\n".join(lines) + "\n")


def _sqlite_tree(rows: list[tuple]) -> list[str]:
    """SQLite's (id, parent, _, detail) rows as an indented tree."""
    depth = {0: -1}
    lines = []
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return lines


# --- report -----------------------------------------------------------------------------------
def markdown(rows: list[dict]) -> str:
    by_name = {(r["database"], r["size"], r["endpoint"]): r for r in rows}
    endpoints = {e.name: e for e in ENDPOINTS}
    lines = [
        "| database | memorials | endpoint | rows | req/s | p50 ms | p99 ms | vs | ratio | goal "
        "| load |",
        "|---|---:|---|---:|---:|---:|---:|---|---:|---|---:|",
    ]
    for r in rows:
        endpoint = endpoints[r["endpoint"]]
        ratio, verdicts = "", []
        if endpoint.vs:
            baseline = by_name.get((r["database"], r["size"], endpoint.vs))
            if baseline:
                value = r["rps"] / baseline["rps"]
                ratio = f"{value:.2f}x"
                if endpoint.goal:
                    met = "met" if value >= endpoint.goal else "**missed**"
                    verdicts.append(f"≥ {endpoint.goal}x {met}")
        if endpoint.is_api:
            met = "met" if r["p99_ms"] < P99_GOAL_MS else "**missed**"
            verdicts.append(f"p99 {met}")
        errors = f" ({r['errors']} errors)" if r["errors"] else ""
        lines.append(
            f"| {r['database']} | {r['size']:,} | {r['endpoint']}{errors} | {r['rows']} "
            f"| {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {endpoint.vs or ''} "
            f"| {ratio} | {', '.join(verdicts)} | {r['load']} |"
        )
    return "\n".join(lines)


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def bench_database(database: str, url: str, sizes: list[int], args, stamp: str, wrk_binary):
    """Fresh database, then for each size: grow it, explain, measure. Yields, for each
    size, how the sample grew and the measured rows."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": url,
    }
    manage(env, "migrate", "--no-input")
    manage(env, "flush", "--no-input")
    manage(env, "load_demo")
    memorials = events = 0
    for size in sorted(sizes):
        new_memorials = size - memorials
        new_events = min(size * args.events_per_memorial, args.max_events) - events
        started = time.monotonic()
        manage(
            env,
            "generate_sample",
            f"--memorials={new_memorials}",
            f"--events={new_events}",
            "--articles=0",
            f"--seed={size}",
        )
        memorials, events = size, events + new_events
        seconds = round(time.monotonic() - started)
        print(
            f"{database}: added {new_memorials:,} memorials up to {size:,} with {events:,} "
            f"events in {seconds} s",
            flush=True,
        )
        plans = RESULTS / f"{stamp}-plans-{database}-{size}.md"
        manage(
            env,
            "shell",
            "-c",
            f"from bench.run import explain_endpoints; explain_endpoints({str(plans)!r})",
        )
        generated = {"database": database, "size": size, "events": events, "seconds": seconds}
        yield generated, measure(database, size, env, args, wrk_binary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--databases",
        nargs="+",
        choices=["sqlite", "postgresql"],
        help="default: sqlite, and postgresql when a database URL is given",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="the PostgreSQL database (its name must start with bench); default: $DATABASE_URL",
    )
    parser.add_argument("--sizes", type=int, nargs="+", help="memorials, for both databases")
    parser.add_argument("--sqlite-sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument(
        "--postgresql-sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 500_000]
    )
    parser.add_argument("--events-per-memorial", type=int, default=5)
    parser.add_argument("--max-events", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    postgres_url = args.database_url if args.database_url.startswith("postgres") else ""
    databases = args.databases or ["sqlite"] + (["postgresql"] if postgres_url else [])
    if "postgresql" in databases:
        if not postgres_url:
            sys.exit("PostgreSQL needs --database-url or DATABASE_URL (postgres://...).")
        if not database_name(postgres_url).startswith("bench"):
            sys.exit("The benchmark empties its database: give one whose name starts with bench.")

    wrk_binary = ensure_wrk()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    rows, generated = [], []
    for database in databases:
        if database == "sqlite":
            sqlite_file = RESULTS / "bench.sqlite3"
            for leftover in RESULTS.glob("bench.sqlite3*"):
                leftover.unlink()
            url, sizes = f"sqlite:///{sqlite_file}", args.sizes or args.sqlite_sizes
        else:
            url, sizes = postgres_url, args.sizes or args.postgresql_sizes
        for grown, measured in bench_database(database, url, sizes, args, stamp, wrk_binary):
            generated.append(grown)
            rows += measured
            # Written as it goes, so that an interrupted run keeps what it measured.
            (RESULTS / f"{stamp}.json").write_text(
                json.dumps({"generated": generated, "rows": rows}, indent=2)
            )
            (RESULTS / f"{stamp}.md").write_text(markdown(rows) + "\n")
    print()
    print(markdown(rows))


if __name__ == "__main__":
    main()
