#!/usr/bin/env python
"""CPU time per request of the benchmark's endpoints, in process, and where it goes.

    DATABASE_URL=sqlite:///bench/results/bench.sqlite3 .venv/bin/python bench/cpu.py
    .venv/bin/python bench/cpu.py "memorial list" "list 304" --requests 500
    .venv/bin/python bench/cpu.py "events, sample upcoming" --profile 30

Each endpoint of `bench/run.py` is requested through Django's test client (bench
settings, the database of DATABASE_URL: grow one with `generate_sample` first, as
bench/run.py does), warmed up, then requested --requests times. CPU time is
deterministic enough to compare two versions of the code on a busy machine, where
wrk's wall-clock numbers are not. --profile N prints the N costliest functions
(cProfile, cumulative), which inflates code that makes many small calls.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("endpoints", nargs="*", help="names from bench/run.py; default: all")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", type=int, metavar="N", help="print N functions")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-profile-" + "x" * 50)
    import django

    django.setup()
    from django.test import Client

    from bench.run import ENDPOINTS

    chosen = [e for e in ENDPOINTS if not args.endpoints or e.name in args.endpoints]
    client = Client(HTTP_HOST="127.0.0.1")
    for endpoint in chosen:
        headers = {}
        if endpoint.conditional:
            headers["HTTP_IF_NONE_MATCH"] = client.get(endpoint.path).headers["ETag"]
        for _ in range(20):
            status = client.get(endpoint.path, **headers).status_code
        profiler = cProfile.Profile() if args.profile else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        for _ in range(args.requests):
            client.get(endpoint.path, **headers)
        if profiler:
            profiler.disable()
        cpu_ms = (time.process_time() - started) / args.requests * 1000
        print(
            f"{endpoint.name:<25} {cpu_ms:6.2f} ms CPU per request  [{status}, "
            f"load {os.getloadavg()[0]:.1f}{', profiled' if profiler else ''}]",
            flush=True,
        )
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
