"""Merges the GPU benchmark's step outputs (bench.sh) into one JSON line: the headline figures against the issue's
targets first, then every step's full output."""
import json
import os
import sys

out = sys.argv[1]


def load(name):
    try:
        with open(os.path.join(out, name + ".json")) as f:
            lines = [line for line in f.read().splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if lines else None
    except (OSError, ValueError):
        return None


steps = {name: load(name) for name in
         ["throughput-mlp", "throughput-cnn", "sharing-process", "sharing-thread", "mlp-ours", "mlp-pytorch", "mixed-precision", "isolation"]}


def runs(name):
    return {r["slots"]: r for r in (steps[name] or {}).get("runs", [])}


def rate(name, slots=None):
    r = runs(name)
    if not r:
        return None
    return r[slots if slots is not None else max(r)]["epochs_per_s"] if (slots is None or slots in r) else None


process, thread = runs("sharing-process"), runs("sharing-thread")
small, large = (min(process), max(process)) if process else (None, None)
ours, peer = rate("mlp-ours"), rate("mlp-pytorch")
ratios = {m: (steps["throughput-" + m] or {}).get("ratio") for m in ("mlp", "cnn")}
medians = {m: (steps["throughput-" + m] or {}).get("median_pair_ratio") for m in ("mlp", "cnn")}
summary = {
    "benchmark": "gpu",
    "gpu": open(os.path.join(out, "gpu.txt")).read().strip() if os.path.exists(os.path.join(out, "gpu.txt")) else "none",
    "sharing_epochs_per_s_process": {str(k): v["epochs_per_s"] for k, v in process.items()},
    "sharing_epochs_per_s_thread": {str(k): v["epochs_per_s"] for k, v in thread.items()},
    "sharing_warm_epochs_per_s_process": {str(k): v.get("epochs_per_s_after_first_epoch") for k, v in process.items()},
    "sharing_warm_epochs_per_s_thread": {str(k): v.get("epochs_per_s_after_first_epoch") for k, v in thread.items()},
    "sharing_speedup_process": (steps["sharing-process"] or {}).get("speedup_largest_over_smallest"),
    "sharing_speedup_thread": (steps["sharing-thread"] or {}).get("speedup_largest_over_smallest"),
    "single_trial_ratio": ratios,
    "single_trial_median_pair_ratio": medians,
    "mlp_epochs_per_s_ours": ours,
    "mlp_epochs_per_s_pytorch_per_process": peer,
    "gpu_utilization_mean_max_at_largest": [process[large].get("gpu_mean_utilization"), process[large].get("gpu_max_utilization")] if large else None,
    "worker_list_gpu": next((r.get("worker_list_gpu") for r in process.values() if r.get("worker_list_gpu")), None),
    "trial_gpu_memory_mib_median": process[large].get("trial_gpu_memory_mib_median") if large else None,
    "targets": {
        "sharing_8_over_2_at_least_4x": None if not process or small == large else process[large]["epochs_per_s"] / process[small]["epochs_per_s"] >= 4,
        "single_trial_at_least_0_95": None if None in ratios.values() else all(r >= 0.95 for r in ratios.values()),
        "ahead_of_pytorch_per_process": None if ours is None or peer is None else ours > peer,
    },
    "steps": steps,
}
print(json.dumps(summary, separators=(",", ":")))
