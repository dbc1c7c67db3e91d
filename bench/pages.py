#!/usr/bin/env python
"""Server time and weight of each public page type, at several directory sizes.

    make bench-pages                                   # SQLite, 1,000 and 100,000 memorials
    make bench-pages BENCH_ARGS="--sizes 1000 --requests 20"

For each size the script grows one SQLite database (the demo data plus `generate_sample`,
five anniversary events per memorial), then requests every page type in process with
Django's test client under the production settings: the server time (middleware, view,
queries and template, no network), the queries, the HTML's size raw and gzipped, and the
size of the stylesheets and scripts the page loads. Results go to bench/results/.
"""

import argparse
import gzip
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PAGES = [
    ("home", "/"),
    ("memorial directory, first page", "/memorials/"),
    ("memorial search", "/memorials/?search=hague"),
    ("memorials near a point", "/memorials/?near=52.08,4.26&radius=50"),
    ("memorial page", "/memorials/khojaly-memorial-the-hague/"),
    ("historical event page", "/history/khojaly-massacre/"),
    ("events, upcoming", "/events/"),
    ("event page", "/events/{event}/"),
    ("articles", "/articles/"),
    ("article page", "/articles/{article}/"),
]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def downloaded_size(path: Path) -> int:
    """WhiteNoise serves the .gz beside a file when it made one (when it is smaller)."""
    compressed = path.with_name(path.name + ".gz")
    return (compressed if compressed.exists() else path).stat().st_size


def measure(requests: int) -> list[dict]:
    import django
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    django.setup()
    settings.ALLOWED_HOSTS = ["testserver"]
    from articles.models import Article
    from events.models import AnniversaryEvent

    slugs = {
        "event": AnniversaryEvent.objects.public().order_by("-starts_at").first().slug,
        "article": Article.objects.public().first().slug,
    }
    client = Client()
    rows = []
    for name, template in PAGES:
        url = template.format(**slugs)
        client.get(url)  # warm: connection, caches, templates
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        html = response.content
        assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
        asset_bytes = sum(downloaded_size(Path(settings.STATIC_ROOT) / a.decode()) for a in assets)
        rows.append(
            {
                "page": name,
                "url": url,
                "status": response.status_code,
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(statistics.quantiles(times, n=20)[-1], 1),
                "queries": len(queries),
                "html_kb": round(len(html) / 1024, 1),
                "html_gzip_kb": round(len(gzip.compress(html)) / 1024, 1),
                "assets_gzip_kb": round(asset_bytes / 1024, 1),
            }
        )
    return rows


def markdown(size: int, rows: list[dict]) -> str:
    lines = [
        f"### {size:,} memorials",
        "",
        "| page | status | median ms | p95 ms | queries | HTML KB (gzip) | CSS+JS KB gzip |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['page']} | {r['status']} | {r['median_ms']} | {r['p95_ms']} | {r['queries']} "
            f"| {r['html_kb']} ({r['html_gzip_kb']}) | {r['assets_gzip_kb']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--requests", type=int, default=50, help="per page and size")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    database = RESULTS / f"pages-{stamp}.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{database}",
        "ENV_FILE": "",
        "STATIC_ROOT": str(RESULTS / f"static-{stamp}"),
    }
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_demo")
    report = [f"# Page server time and weight ({stamp}, load {os.getloadavg()[0]:.1f})\n"]
    memorials = 0
    for size in sorted(args.sizes):
        manage(
            env,
            "generate_sample",
            f"--memorials={size - memorials}",
            f"--events={(size - memorials) * 5}",
            "--articles=0",
            f"--seed={size}",
        )
        memorials = size
        # Measure in a fresh process, as a server would start on this database.
        output = subprocess.run(
            [sys.executable, __file__, "--measure", str(args.requests)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        rows = json.loads(output.strip().splitlines()[-1])
        report.append(markdown(size, rows))
        print(report[-1], flush=True)
    path = RESULTS / f"pages-{stamp}.md"
    path.write_text("\n".join(report))
    database.unlink(missing_ok=True)
    shutil.rmtree(env["STATIC_ROOT"], ignore_errors=True)
    print(f"Written to {path}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(int(sys.argv[2]))))
    else:
        main()
