#!/usr/bin/python3
"""The cluster and Optuna side by side, in one run: the same trials (a Branin evaluation, or a sleep of 100 ms) through
this cluster's dispatch-overhead benchmark and through Optuna's distributed mode (optuna_throughput.py: N worker
processes on one study), with 4 and 16 workers, on a file journal (cluster: SQLite; Optuna: JournalFileStorage) and on
PostgreSQL (cluster: the SQL journal; Optuna: RDBStorage). Prints one JSON line per run, then a table with the ratios
(cluster / Optuna trials per second) and the load average before and after.

  tests/ModelOpt.Benchmarks/Peers/side_by_side.py [--workers 4,16] [--noop-trials 1000] [--sleep-trials 320]
      [--storages file,postgres] [--pg-port 25432] [--out results.jsonl] [--no-peers] [--no-utilization]
      [--runs 1] [--targets 10,100] [--benchmarks <ModelOpt.Benchmarks.dll>, several comma-separated to compare builds run by run]
      [--warm]

Needs: a Release build of tests/ModelOpt.Benchmarks, Debian's python3-optuna and python3-psycopg2, and PostgreSQL 15
(apt-get install postgresql); run as root, it starts its own PostgreSQL server as the postgres user on --pg-port in a
temporary directory and stops it at the end. Trials per worker slot: the cluster runs one worker node with N slots in
one process; Optuna runs N processes. The machine may be shared: the load average is printed beside the table.
Then the cluster's utilization targets, on each storage: 100 ms trials on 10 slots and 1 s trials on 100 slots
(slot utilization, dispatch latency p50, p99 and mean, the journal's write time p50 and p99), --runs times, each build in turn.
With several --benchmarks the peer rows run each build too (one Optuna run per pair of workload, storage and workers).

What each clock holds. Optuna: from the release of a barrier that every worker process reaches after starting Python,
importing Optuna and loading the study, to the last worker's end (no interpreter start, import or study load). The
cluster: from the search's submission to its end as the search records them, on a node started beforehand (no process
start, no cluster formation). By default that is the node's first search ("cold": the .NET JIT compiles the whole trial
path during it). With --warm each cluster run first runs a search of the same size on the same node and then times a
second one ("warm": a running node's next search, what a long-running service does); the table shows both and the
ratio of each to the same Optuna run.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
BENCHMARKS = os.path.join(ROOT, "tests", "ModelOpt.Benchmarks", "bin", "Release", "net10.0", "ModelOpt.Benchmarks.dll")
PG_BIN = "/usr/lib/postgresql/15/bin"


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def last_json(text, what):
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"{what} printed no JSON line:\n{text[-2000:]}")


def run(cmd, what, timeout):
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}):\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}")
    return last_json(done.stdout, what)


class Postgres:
    """A throwaway PostgreSQL server (trust auth on 127.0.0.1) for the PostgreSQL runs."""

    def __init__(self, port):
        self.port = port
        self.dir = tempfile.mkdtemp(prefix="mopt-peer-pg-")
        self.data = os.path.join(self.dir, "data")
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def __enter__(self):
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(self.as_postgres + [f"{PG_BIN}/initdb", "-D", self.data, "-A", "trust", "-U", "postgres"],
                       check=True, capture_output=True)
        subprocess.run(self.as_postgres + [f"{PG_BIN}/pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "log"), "-w", "-o",
                                           f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on",
                                           "start"], check=True, capture_output=True)
        return self

    def create_db(self, name):
        subprocess.run(self.as_postgres + ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-q", "-c",
                                           f"CREATE DATABASE {name}"], check=True, capture_output=True)
        return name

    def __exit__(self, *_):
        subprocess.run(self.as_postgres + [f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def cluster(workers, trials, trial_ms, storage, work, pg, n, benchmarks=BENCHMARKS, warm=False, witness=False):
    if storage == "file":
        journal = os.path.join(work, f"cluster-{n}.db")
    else:
        journal = f"Host=127.0.0.1;Port={pg.port};Username=postgres;Database={pg.create_db(f'mopt_{n}')}"
    result = run(["dotnet", benchmarks, "dispatch-overhead", "--slots", str(workers), "--trials", str(trials),
                  "--trial-ms", str(trial_ms), "--journal", journal] + (["--warmup-trials", str(trials)] if warm else [])
                 + (["--witness"] if witness else []),
                 f"cluster {storage} {workers}", 1800)
    cold = result.get("warmup") or {}
    if warm and not cold:
        # A build from before --warmup-trials ignores it: its one search is a cold one.
        cold, result = result, {key: value for key, value in result.items() if key not in ("trials_per_second", "cpu_ms_per_trial")}
    return {"system": "cluster", "storage": storage, "workers": workers, "trial_ms": trial_ms, "trials": trials,
            "cold_trials_per_second": cold.get("trials_per_second"), "cold_cpu_ms_per_trial": cold.get("cpu_ms_per_trial"),
            "completed": result["completed"], "seconds": result["seconds"], "trials_per_second": result.get("trials_per_second"),
            "slot_utilization": result.get("slot_utilization"), "cpu_ms_per_trial": result.get("cpu_ms_per_trial"),
            "dispatch_latency_ms_p50": result.get("dispatch_latency_ms_p50"),
            "dispatch_latency_ms_mean": result.get("path", {}).get("dispatch_latency_ms", {}).get("mean"),
            "dispatch_latency_ms_p99": result.get("dispatch_latency_ms_p99"),
            "journal_write_ms_p50": result.get("path", {}).get("journal_write_ms", {}).get("p50"),
            "journal_write_ms_p99": result.get("path", {}).get("journal_write_ms", {}).get("p99"),
            "build": benchmarks, **({"stalls": result.get("stalls")} if witness else {})}


def optuna(workers, trials, trial_ms, storage, work, pg, n):
    cmd = ["/usr/bin/python3", os.path.join(HERE, "optuna_throughput.py"), "--workers", str(workers), "--trials", str(trials),
           "--trial-ms", str(trial_ms), "--dir", work]
    if storage == "file":
        cmd += ["--storage", "journal"]
    else:
        cmd += ["--storage", "postgres", "--pg-url", f"postgresql+psycopg2://postgres@127.0.0.1:{pg.port}/{pg.create_db(f'optuna_{n}')}"]
    result = run(cmd, f"optuna {storage} {workers}", 1800)
    return {"system": "optuna " + result["optuna"], "storage": storage, "workers": workers, "trial_ms": trial_ms, "trials": trials,
            "completed": result["completed"], "seconds": result["seconds"], "trials_per_second": result["trials_per_second"],
            "slot_utilization": result.get("slot_utilization"), "failed_workers": result.get("failed_workers")}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", default="4,16")
    parser.add_argument("--noop-trials", type=int, default=1000)
    parser.add_argument("--sleep-trials", type=int, default=320)
    parser.add_argument("--storages", default="file,postgres")
    parser.add_argument("--pg-port", type=int, default=25432)
    parser.add_argument("--out", default="")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--no-utilization", action="store_true")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--targets", default="10,100", help="which utilization targets: 10 (100 ms trials) and/or 100 (1 s trials) slots")
    parser.add_argument("--benchmarks", default=BENCHMARKS)
    parser.add_argument("--warm", action="store_true", help="peer rows: time the cluster's second search on its node as well as its first")
    parser.add_argument("--witness", action="store_true", help="utilization rows: lay each journal write of 300 ms or more beside the GC, thread-pool and host probes (StallWitness)")
    args = parser.parse_args()
    builds = args.benchmarks.split(",")
    for build in builds:
        if not os.path.exists(build):
            sys.exit(f"{build} is missing: dotnet build tests/ModelOpt.Benchmarks -c Release")
    workers = [int(w) for w in args.workers.split(",")]
    storages = args.storages.split(",")
    unknown = [s for s in storages if s not in ("file", "postgres")]
    if unknown:
        sys.exit(f"--storages: unknown {', '.join(unknown)}; known: file (the cluster's SQLite, Optuna's JournalFileStorage), postgres")
    if not args.no_peers:
        modules = ["optuna"] + (["psycopg2"] if "postgres" in storages else [])
        if subprocess.run(["/usr/bin/python3", "-c", f"import {', '.join(modules)}"], capture_output=True).returncode != 0:
            sys.exit(f"the Optuna runs need Debian's {' and '.join('python3-' + m for m in modules)} in /usr/bin/python3: "
                     f"apt-get install {' '.join('python3-' + m for m in modules)} (or --no-peers)")
    load_before = load()
    rows = []
    targets = []
    work = tempfile.mkdtemp(prefix="mopt-peer-")
    pg_context = Postgres(args.pg_port) if "postgres" in storages else None
    try:
        pg = pg_context.__enter__() if pg_context else None
        n = 0
        for trial_ms, trials in (() if args.no_peers else ((0, args.noop_trials), (100, args.sleep_trials))):
            for storage in storages:
                for w in workers:
                    ours = []
                    for build in builds:
                        n += 1
                        row = cluster(w, trials, trial_ms, storage, work, pg, n, build, args.warm)
                        row["load_average"] = load()
                        print(json.dumps(row), flush=True)
                        ours.append(row)
                    n += 1
                    theirs = optuna(w, trials, trial_ms, storage, work, pg, n)
                    theirs["load_average"] = load()
                    print(json.dumps(theirs), flush=True)
                    rows.extend((row, theirs) for row in ours)
        for _ in range(args.runs):
            chosen = [int(t) for t in args.targets.split(",")]
            for slots, trials, trial_ms in (() if args.no_utilization else [t for t in ((10, 300, 100), (100, 500, 1000)) if t[0] in chosen]):
                for storage in storages:
                    for build in builds:
                        n += 1
                        row = cluster(slots, trials, trial_ms, storage, work, pg, n, build, witness=args.witness)
                        row["load_average"] = load()
                        print(json.dumps(row), flush=True)
                        targets.append(row)
    finally:
        if pg_context:
            pg_context.__exit__(None, None, None)
        shutil.rmtree(work, ignore_errors=True)
    if args.out:
        with open(args.out, "w") as f:
            for row in [r for pair in rows for r in pair] + targets:  # an Optuna row repeats beside each build's
                f.write(json.dumps(row) + "\n")

    print()
    print(f"load average before: {load_before}; after: {load()}; {os.cpu_count()} CPUs")
    several = len(builds) > 1

    def ratio(ours, theirs):
        return f"{ours / theirs:.1f}×" if ours and theirs else "–"

    if rows:
        build_head, build_rule = (" build |", "---|") if several else ("", "")
        if args.warm:
            print(f"| workload | storage | workers |{build_head} cluster trials/s cold (1st search) | warm (2nd search) | Optuna trials/s | "
                  "ratio cold | ratio warm | cluster CPU ms/trial cold / warm | Optuna utilization |")
            print(f"|---|---|---|{build_rule}---|---|---|---|---|---|---|")
        else:
            print(f"| workload | storage | workers |{build_head} cluster trials/s | Optuna trials/s | ratio | cluster utilization | Optuna utilization |")
            print(f"|---|---|---|{build_rule}---|---|---|---|---|")
    for c, o in rows:
        workload = "no-op (Branin)" if c["trial_ms"] == 0 else f"{c['trial_ms']} ms sleep"
        storage = "file (SQLite / JournalFileStorage)" if c["storage"] == "file" else "PostgreSQL"
        build = f" {builds.index(c['build']) + 1} |" if several else ""
        if args.warm:
            print(f"| {workload}, {c['trials']} trials | {storage} | {c['workers']} |{build} {c['cold_trials_per_second']} | "
                  f"{c['trials_per_second']} | {o['trials_per_second']} | {ratio(c['cold_trials_per_second'], o['trials_per_second'])} | "
                  f"{ratio(c['trials_per_second'], o['trials_per_second'])} | {c['cold_cpu_ms_per_trial']} / {c['cpu_ms_per_trial']} | "
                  f"{o['slot_utilization']} |")
        else:
            print(f"| {workload}, {c['trials']} trials | {storage} | {c['workers']} |{build} {c['trials_per_second']} | "
                  f"{o['trials_per_second']} | {ratio(c['trials_per_second'], o['trials_per_second'])} | {c['slot_utilization']} | "
                  f"{o['slot_utilization']} |")
    if several:
        print("builds: " + "; ".join(f"{i + 1} = {b}" for i, b in enumerate(builds)))
    if targets:
        print()
        print(f"| cluster target | storage |{' build |' if several else ''} trials/s | slot utilization (target) | "
              "dispatch p50 ms (target ≤ 2) | dispatch p99 ms | dispatch mean ms | journal write p50 ms | journal write p99 ms | load |")
        print(f"|---|---|{'---|' if several else ''}---|---|---|---|---|---|---|---|")
        for t in targets:
            goal = "≥ 0.95" if t["trial_ms"] == 100 else "≥ 0.90"
            storage = "SQLite" if t["storage"] == "file" else "PostgreSQL"
            build = f" {builds.index(t['build']) + 1} |" if several else ""
            print(f"| {t['trials']} trials of {t['trial_ms']} ms on {t['workers']} slots | {storage} |{build} {t['trials_per_second']} | "
                  f"{t['slot_utilization']} ({goal}) | {t['dispatch_latency_ms_p50']} | {t['dispatch_latency_ms_p99']} | "
                  f"{t['dispatch_latency_ms_mean']} | {t['journal_write_ms_p50']} | {t['journal_write_ms_p99']} | {t['load_average']} |")


if __name__ == "__main__":
    main()

