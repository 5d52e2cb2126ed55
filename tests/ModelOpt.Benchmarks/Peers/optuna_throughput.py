#!/usr/bin/env python3
"""Optuna's distributed throughput, the way its users run it: N worker processes on one study in shared storage.

Each worker process imports Optuna, loads the study and waits at a barrier; the clock runs from the barrier's release
to the last worker's end, so Python's start-up is not counted. The objective is the same as the cluster's benchmark:
a Branin evaluation (no-op) or a sleep of --trial-ms. RandomSampler, like the cluster's `random` searcher.
Prints one JSON object: trials/s, wall seconds and slot utilization (time spent inside objectives over workers x wall).

  optuna_throughput.py --storage journal --workers 4 --trials 2000 [--trial-ms 0] [--dir /tmp]
  optuna_throughput.py --storage postgres --pg-url postgresql+psycopg2://postgres@127.0.0.1:25432/optuna ...
"""
import argparse
import json
import math
import multiprocessing as mp
import os
import tempfile
import time
import uuid
import warnings

warnings.filterwarnings("ignore")
import optuna  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)


def branin(x0, x1):
    a, b, c, r, s, t = 1.0, 5.1 / (4 * math.pi ** 2), 5 / math.pi, 6.0, 10.0, 1 / (8 * math.pi)
    return a * (x1 - b * x0 ** 2 + c * x0 - r) ** 2 + s * (1 - t) * math.cos(x0) + s


def storage_for(kind, path, url):
    if kind == "journal":
        return optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(path))
    return optuna.storages.RDBStorage(url)


def worker(kind, path, url, study_name, trials, trial_ms, barrier, busy):
    storage = storage_for(kind, path, url)
    study = optuna.load_study(study_name=study_name, storage=storage, sampler=optuna.samplers.RandomSampler())
    spent = [0.0]

    def objective(trial):
        x0 = trial.suggest_float("x0", -5, 10)
        x1 = trial.suggest_float("x1", 0, 15)
        started = time.perf_counter()
        if trial_ms > 0:
            time.sleep(trial_ms / 1000.0)
        value = branin(x0, x1)
        spent[0] += time.perf_counter() - started
        return value

    barrier.wait()
    study.optimize(objective, n_trials=trials)
    with busy.get_lock():
        busy.value += spent[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--storage", choices=["journal", "postgres"], required=True)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--trial-ms", type=int, default=0)
    parser.add_argument("--pg-url", default="")
    parser.add_argument("--dir", default=tempfile.gettempdir())
    args = parser.parse_args()
    if args.storage == "postgres" and not args.pg_url:
        parser.error("--storage postgres needs --pg-url")

    path = os.path.join(args.dir, f"optuna-journal-{uuid.uuid4().hex}.log")
    study_name = f"throughput-{uuid.uuid4().hex[:8]}"
    optuna.create_study(study_name=study_name, storage=storage_for(args.storage, path, args.pg_url), direction="minimize")
    barrier = mp.Barrier(args.workers + 1)
    busy = mp.Value("d", 0.0)
    per_worker = [args.trials // args.workers + (1 if i < args.trials % args.workers else 0) for i in range(args.workers)]
    processes = [mp.Process(target=worker, args=(args.storage, path, args.pg_url, study_name, n, args.trial_ms, barrier, busy)) for n in per_worker]
    for p in processes:
        p.start()
    barrier.wait()
    started = time.perf_counter()
    for p in processes:
        p.join()
    wall = time.perf_counter() - started
    failed = [p.exitcode for p in processes if p.exitcode != 0]
    completed = len(optuna.load_study(study_name=study_name, storage=storage_for(args.storage, path, args.pg_url)).get_trials(
        deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,)))
    if args.storage == "journal" and os.path.exists(path):
        os.remove(path)
    print(json.dumps({
        "peer": "optuna", "optuna": optuna.__version__, "storage": args.storage, "workers": args.workers,
        "trials": args.trials, "trial_ms": args.trial_ms, "completed": completed, "failed_workers": len(failed),
        "seconds": round(wall, 2), "trials_per_second": round(completed / wall, 1),
        "slot_utilization": round(busy.value / (args.workers * wall), 3),
    }))


if __name__ == "__main__":
    main()
