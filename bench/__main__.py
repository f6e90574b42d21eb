"""``make bench``: every benchmark over every database and size, then the summary and growth tables.

Knobs from the environment: BENCH_SIZES (default 10000,100000,1000000), BENCH_DATABASES (default
sqlite,postgresql), BENCH_RUNS (default 3; medians are reported), BENCH_ONLY (bench names),
BENCH_PG_URL (a server where a database per size is created and dropped), BENCH_KEEP (keep the
temporary directories).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import time
import traceback

from bench.common import DEFAULT_PG_URL, Recorder, machine, postgresql_answers, prepared

#: In this order; a module missing from the tree is left out (the rollup and memory ones arrive later).
BENCHES = ("ingest", "rollup", "latency", "memory")


def _list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def main() -> int:
    started = time.monotonic()
    sizes = [int(s.replace("_", "")) for s in _list("BENCH_SIZES", "10000,100000,1000000")]
    databases = _list("BENCH_DATABASES", "sqlite,postgresql")
    only = set(_list("BENCH_ONLY", ",".join(BENCHES)))
    unknown = only - set(BENCHES)
    if unknown:
        print(f"BENCH_ONLY names unknown benchmarks: {', '.join(sorted(unknown))}; known: {', '.join(BENCHES)}")
        return 2
    modules = []
    for name in BENCHES:
        if name in only and importlib.util.find_spec(f"bench.{name}") is not None:
            modules.append((name, importlib.import_module(f"bench.{name}")))
        elif name in only:
            print(f"bench/{name}.py is not in this tree: skipped.")

    print("Machine:")
    for key, value in machine().items():
        print(f"  {key}: {value}")
    print(f"Sizes {sizes}, databases {databases}, runs {os.environ.get('BENCH_RUNS', '3')} (medians), "
          f"benchmarks {[name for name, _ in modules]}", flush=True)

    out, failures = Recorder(), []
    for dialect in databases:
        if dialect == "postgresql":
            url = os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL)
            if why := postgresql_answers(url):
                print(f"\nPostgreSQL skipped: nothing answers at {url} ({why}). Set BENCH_PG_URL to a server.")
                continue
        elif dialect != "sqlite":
            print(f"\nUnknown database {dialect!r} skipped: sqlite or postgresql.")
            continue
        for size in sizes:
            print(f"\n== {dialect}, {size} items ==", flush=True)
            out.at(dialect, size)
            with prepared(dialect, size) as setup:
                for name, module in modules:
                    began = time.monotonic()
                    try:
                        module.run(setup, out)
                    except Exception:  # one failing bench must not cost the figures of the others
                        traceback.print_exc()
                        failures.append(f"{name} on {dialect} at {size}")
                    print(f"  [{name}] took {time.monotonic() - began:.0f} s", flush=True)

    print("\n## Summary (medians; ratio = value / baseline, ↑ higher is better, ↓ lower is better)\n")
    print(out.summary())
    print("\n## Growth (cost at a size over the size ten times smaller: ≈10 is linear, below is better)\n")
    print(out.growth())
    if failures:
        print("\nFailed: " + "; ".join(failures))
    print(f"\nElapsed: {(time.monotonic() - started) / 60:.1f} min")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
