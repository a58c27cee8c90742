#!/usr/bin/env python3
# The harness's own overhead in a store (issue 15): per backend, the wall time of its points (as the supervisor saw
# them) against the time of the calls inside their samples, and where the rest went (first call, warm-up, data
# generation, prepare, verification; "other" is process start, library loading and the protocol).
# Usage: bench/overhead.py DIR|results.db [--run N]   (default: the store's last run). Python's stdlib only.
import argparse
import json
import os
import sqlite3
import sys

PHASES = ["first_call", "warmup", "generate", "prepare", "verify"]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("store", help="an mmbench output folder or its results.db")
    ap.add_argument("--run", type=int, help="run id (default: the last run)")
    a = ap.parse_args()
    path = os.path.join(a.store, "results.db") if os.path.isdir(a.store) else a.store
    if not os.path.isfile(path):
        sys.exit(f"overhead.py: no store at '{path}'")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    run = a.run or db.execute("select max(run_id) from results").fetchone()[0]
    if run is None:
        sys.exit(f"overhead.py: '{path}' holds no results")
    rows = {}
    for (text,) in db.execute("select record from results where run_id = ? order by id", (run,)):
        r = json.loads(text)
        b = rows.setdefault(r["backend"], {"points": 0, "measured": 0, "wall": 0.0, "sampled": 0.0,
                                          **{p: 0.0 for p in PHASES}})
        b["points"] += 1
        b["wall"] += r.get("wall_s", 0.0)
        if r.get("sample_times_s"):
            b["measured"] += 1
            b["sampled"] += sum(r["sample_times_s"]) * r.get("batch", 1)
        for p in PHASES:
            if p == "first_call" and r.get("first_call_sampled"):
                continue  # a warm worker's steady first call is samples_s[0]: already in the sampled time
            b[p] += r.get("phases_s", {}).get(p, 0.0)
    if not rows:
        sys.exit(f"overhead.py: run {run} of '{path}' has no records")
    total = {k: sum(b[k] for b in rows.values()) for k in next(iter(rows.values()))}
    print(f"run {run} of {path}: overhead = (wall of the points - sampled call time) / sampled call time")
    head = f"{'backend':<22}{'points':>7}{'wall s':>9}{'sampled s':>10}{'overhead':>9}" + \
        "".join(f"{p:>11}" for p in PHASES + ["other"])
    print(head)
    for name, b in sorted(rows.items()) + [("all", total)]:
        over = (b["wall"] - b["sampled"]) / b["sampled"] if b["sampled"] > 0 else float("nan")
        other = b["wall"] - b["sampled"] - sum(b[p] for p in PHASES)
        print(f"{name:<22}{b['points']:>7}{b['wall']:>9.1f}{b['sampled']:>10.1f}{100 * over:>8.0f}%" +
              "".join(f"{b[p]:>11.1f}" for p in PHASES) + f"{other:>11.1f}")


if __name__ == "__main__":
    main()
