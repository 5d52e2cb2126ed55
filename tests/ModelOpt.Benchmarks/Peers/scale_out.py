#!/usr/bin/env python3
"""Issue 17's scale-out figures in one run, one JSON line per benchmark (with the load average before and after):
1,000 slots over 8 worker processes on SQLite and on PostgreSQL (many-slots), 100 searches over 2 coordinators with a
third joining and the second leaving (many-searches), one search of 1k / 10k / 100k trials (big-search), and the
coordinator's cost per trial against the slot count (many-slots at 10, 100 and 1,000 slots). PostgreSQL runs on a
throwaway server (side_by_side.Postgres, port --pg-port), removed afterwards.

  dotnet build tests/ModelOpt.Benchmarks -c Release
  tests/ModelOpt.Benchmarks/Peers/scale_out.py [--only many-slots,many-searches,big-search,slot-cost] [--out figures.jsonl] [--hosts]

--hosts (root): many-slots runs each process on a network host of its own (a network namespace on a shared bridge, as
the fault tests use); the nodes reach PostgreSQL through its Unix socket, which every namespace shares.
"""
import argparse
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from side_by_side import BENCHMARKS, Postgres, load, run  # noqa: E402


def bench(name, args, what, timeout=3600):
    before = load()
    result = run(["dotnet", BENCHMARKS, name, *[str(a) for a in args]], what, timeout)
    result["command"] = " ".join(["dotnet", "$B", name, *[str(a) for a in args]])
    result["load_before"] = before
    result["load_after"] = load()
    result["cpus"] = os.cpu_count()
    print(json.dumps(result), flush=True)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="many-slots,many-searches,big-search,slot-cost")
    parser.add_argument("--pg-port", type=int, default=25432)
    parser.add_argument("--many-slots-trials", type=int, default=40000)
    parser.add_argument("--big-search-sizes", default="1000,10000,100000")
    parser.add_argument("--out", default="")
    parser.add_argument("--hosts", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(BENCHMARKS):
        sys.exit(f"{BENCHMARKS} is missing: dotnet build tests/ModelOpt.Benchmarks -c Release")
    only = set(args.only.split(","))
    work = tempfile.mkdtemp(prefix="mopt-scale-")
    rows = []
    with Postgres(args.pg_port) as pg:
        def pg_journal(db, socket=False):
            return f"Host={pg.dir if socket else '127.0.0.1'};Port={pg.port};Username=postgres;Database={pg.create_db(db)}"

        if "many-slots" in only:
            for storage in ("sqlite", "postgresql"):
                journal = os.path.join(work, "many-slots.db") if storage == "sqlite" else pg_journal("many_slots", socket=args.hosts)
                rows.append(bench("many-slots", ["--workers", 8, "--slots", 125, "--trials", args.many_slots_trials, "--journal", journal,
                                                 *(["--hosts"] if args.hosts else [])], f"many-slots {storage}"))
        if "slot-cost" in only:
            for workers, slots in ((1, 10), (2, 50), (8, 125)):
                journal = os.path.join(work, f"slot-cost-{workers * slots}.db")
                rows.append(bench("many-slots", ["--workers", workers, "--slots", slots, "--searches", 1, "--trials", 10000, "--journal", journal],
                                  f"slot cost {workers * slots}"))
        if "many-searches" in only:
            rows.append(bench("many-searches", ["--coordinators", 2, "--join", "--leave", "--searches", 100, "--trials", 100,
                                                "--journal", os.path.join(work, "many-searches.db")], "many-searches"))
        if "big-search" in only:
            for size in (int(s) for s in args.big_search_sizes.split(",")):
                rows.append(bench("big-search", ["--trials", size, "--journal", os.path.join(work, f"big-{size}.db")], f"big-search {size}"))
    if args.out:
        with open(args.out, "w") as f:
            for row in rows:
                f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
