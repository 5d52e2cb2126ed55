"""The suite table of docs/benchmarks.md from searcher-quality results and optuna_reference.py output.

usage: python3 suite_table.py DIR SEARCHER [SEARCHER ...]
DIR holds SEARCHER.json (one searcher-quality JSON line each) and optuna.jsonl. The first searcher is the one the
targets are checked for: median regret at most 0.5x the better Optuna mode, and never worse than it.
"""
import json
import os
import sys

folder, searchers = sys.argv[1], sys.argv[2:]
ours = {}
for name in searchers:
    with open(os.path.join(folder, f"{name}.json")) as f:
        ours[name] = {r["function"]: r for r in json.loads(f.readline())["results"]}
optuna = {}
with open(os.path.join(folder, "optuna.jsonl")) as f:
    for line in f:
        row = json.loads(line)
        optuna.setdefault(row["function"], {})[row["searcher"]] = row["median_regret"]

first = searchers[0]
print("| function | " + " | ".join(f"ours: {s}" for s in searchers) +
      " | Optuna TPE | Optuna multivariate TPE | " + f"{first} / better Optuna | target (≤ 0.5×) |")
print("|---" * (len(searchers) + 5) + "|")
met = 0
for function, row in ours[first].items():
    modes = optuna.get(function, {})
    uni, multi = modes.get("optuna-tpe"), modes.get("optuna-tpe-multivariate")
    better = min(v for v in (uni, multi) if v is not None) if modes else None
    value = row["median_regret"]
    ratio = value / better if better else float("inf") if value > 0 else 0.0
    ok = better is not None and (value <= 0.5 * better or value <= 1e-9)
    met += ok
    cells = [f"{ours[s][function]['median_regret']:.3g}" for s in searchers]
    print(f"| {function} | " + " | ".join(cells) + f" | {uni:.3g} | {multi:.3g} | {ratio:.2f} | {'met' if ok else 'NOT met'} |")
print(f"\n{first}: target met on {met} of {len(ours[first])} functions")
