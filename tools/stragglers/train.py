"""Train the stragglers' model (docs/DETECTION.md § "Stragglers").

    python3 tools/stragglers/train.py <train.csv>[,<train.csv>...] <validate.csv>

Reads the tables tools/stragglers/episodes.ts wrote (training worlds, validation worlds: disjoint seeds; each with its
<table>.base.json), trains LightGBM (fixed seed, deterministic, one thread), picks the number of trees on the
validation worlds' log loss and the threshold on the validation worlds (the rules' flags and the accounts of open
episodes at or above it that the money reached or that passed it on, or that paid a flagged one from an account opened
for it: best F1 over the validation worlds together, no world with more than 0.6% of its hard
negatives flagged), and writes:
  server/analytics/detect/stragglers/model.json  the booster's dump_model() with the fields the TypeScript walker
                                                 (learned/model.ts) reads, the threshold and the seeds;
  test/analytics/detect/stragglers-golden.json   validation rows and the booster's raw scores for them (the
                                                 TypeScript walker must reproduce them to 1e-9).
Prints per threshold and per validation world: rules alone and rules + stragglers (P/R/F1, hard negatives, seeds with
every typology at 0.7 or more).
"""

import csv
import json
import math
import os
import sys
from collections import defaultdict

import lightgbm as lgb
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scorer"))
from walker_dump import write_golden, write_model  # noqa: E402  (tools/scorer/walker_dump.py)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "server/analytics/detect/stragglers/model.json")
GOLDEN = os.path.join(ROOT, "test/analytics/detect/stragglers-golden.json")
MAX_TREES = 300
HN_MAX = 0.006
THRESHOLDS = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98]


def read(paths):
    head, rows, base = None, [], {}
    for path in paths.split(","):
        with open(path, newline="") as f:
            part = list(csv.reader(f))
        if head and part[0] != head:
            raise SystemExit(f"{path}: columns differ from the first table's")
        head = part[0]
        rows += part[1:]
        with open(path + ".base.json") as f:
            base.update(json.load(f))
    return dict(
        names=head[4:],
        seeds=np.array([int(r[0]) for r in rows]),
        accounts=[r[1].split("|") for r in rows],
        open=np.array([r[2] == "1" for r in rows]),
        label=np.array([int(r[3]) for r in rows]),
        x=np.array([[float(c) for c in r[4:]] for r in rows], dtype=np.float64),
        base=base,
        flagged={seed: set(b["flagged"]) for seed, b in base.items()},
    )


KINDS = ["chain", "gather", "fan_in", "fan_out"]


def reached_or_passed_on(kind, accounts, flagged, opened):
    """The accounts a flag may fall on (stragglers/index.ts reachedOrPassedOn): never one that only paid in, unless it
    was opened for it (three transfers or fewer) and paid a flagged account itself."""
    f = [a in flagged for a in accounts]
    if kind == "chain":
        out = [accounts[1]] + ([accounts[2]] if f[0] or f[1] else [])
        payers = [(0, [1])]
    elif kind == "gather":
        out = [accounts[2]] + ([accounts[3]] if f[0] or f[1] or f[2] else [])
        payers = [(0, [2]), (1, [2])]
    elif kind == "fan_in":
        out = [accounts[1]] if f[0] or f[2] else []
        payers = [(0, [1]), (2, [1])]
    else:
        out = [accounts[0], accounts[2]] if f[1] else []
        payers = [(1, [0, 2])]
    for i, paid in payers:
        if opened[i] and any(f[j] for j in paid):
            out.append(accounts[i])
    return out


# Which slot of the feature row (a, b, c, a0) holds each account of an episode, in its accounts' order.
SLOTS = {"chain": ["a", "b", "c"], "gather": ["a0", "a", "b", "c"], "fan_in": ["a", "b", "c"], "fan_out": ["a", "b", "c"]}
OPENED_MAX_TRANSFERS = 3


def added(d, prob, thr):
    """Per seed, the accounts open episodes at or above thr add to the rules' flags."""
    out = defaultdict(set)
    kind = d["x"][:, d["names"].index("kind")]
    for i in np.nonzero(d["open"] & (prob >= thr))[0]:
        seed = str(d["seeds"][i])
        k = KINDS[int(kind[i])]
        transfers = [math.expm1(d["x"][i, d["names"].index(f"{slot}_log_transfers")]) for slot in SLOTS[k]]
        opened = [n <= OPENED_MAX_TRANSFERS + 0.5 for n in transfers]
        out[seed].update(reached_or_passed_on(k, d["accounts"][i], d["flagged"][seed], opened))
    return out


def score(base, add):
    tp = fp = fn = hn = 0
    worst_hn = 0.0
    every = 0
    for seed, b in base.items():
        found = set(b["flagged"]) | add.get(seed, set())
        lau = b["laundering"]
        hits = sum(1 for a in found if a in lau)
        tp += hits
        fp += len(found) - hits
        fn += len(lau) - hits
        hard = set(b["hardNegatives"])
        h = len(found & hard)
        hn += h
        worst_hn = max(worst_hn, h / max(1, len(hard)))
        per = defaultdict(lambda: [0, 0])
        for a, typs in lau.items():
            for t in typs:
                per[t][1] += 1
                per[t][0] += a in found
        every += all(h_ / n >= 0.7 for h_, n in per.values())
    p = tp / max(1, tp + fp)
    r = tp / max(1, tp + fn)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return dict(tp=tp, fp=fp, hn=hn, worst_hn=worst_hn, p=p, r=r, f1=f1, every=every, worlds=len(base))


def line(s):
    return (
        f"TP {s['tp']} FP {s['fp']} HN {s['hn']} (worst world {100 * s['worst_hn']:.2f}%) "
        f"P {s['p']:.4f} R {s['r']:.4f} F1 {s['f1']:.4f} every typology >= 0.7: {s['every']}/{s['worlds']}"
    )


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    train, val = read(sys.argv[1]), read(sys.argv[2])
    if train["names"] != val["names"]:
        raise SystemExit("training and validation tables have different columns")
    if set(train["base"]) & set(val["base"]):
        raise SystemExit("a seed is in both the training and the validation worlds")
    names = train["names"]
    params = dict(
        objective="binary",
        learning_rate=0.08,
        num_leaves=15,
        min_data_in_leaf=50,
        feature_fraction=0.9,
        seed=1,
        deterministic=True,
        force_row_wise=True,
        num_threads=1,
        verbose=-1,
    )
    booster = lgb.train(
        params,
        lgb.Dataset(train["x"], train["label"], feature_name=names),
        num_boost_round=MAX_TREES,
        valid_sets=[lgb.Dataset(val["x"], val["label"], feature_name=names)],
        callbacks=[lgb.early_stopping(20, verbose=False)],
    )
    trees = booster.best_iteration or MAX_TREES
    prob = booster.predict(val["x"], num_iteration=trees)
    print(f"trained on {len(train['label'])} episodes ({int(train['label'].sum())} a scheme's), {trees} trees")
    print(f"rules alone: {line(score(val['base'], {}))}")
    best = None
    for thr in THRESHOLDS:
        s = score(val["base"], added(val, prob, thr))
        print(f"threshold {thr:.2f}: {line(s)}")
        if s["worst_hn"] <= HN_MAX and (best is None or s["f1"] > best[1]["f1"]):
            best = (thr, s)
    if best is None:
        raise SystemExit("no threshold keeps every validation world's hard negatives at 0.6% or under")
    thr = best[0]
    print(f"chosen threshold {thr}")

    write_model(
        MODEL,
        booster,
        trees,
        thr,
        sorted(f"aml4-s{s}" for s in train["base"]),
        sorted(f"aml4-s{s}" for s in val["base"]),
        params,
    )
    write_golden(GOLDEN, booster, trees, val["x"])
    imp = sorted(zip(booster.feature_importance("gain", iteration=trees), names), reverse=True)[:12]
    print("top features by gain: " + ", ".join(f"{n} {g:.0f}" for g, n in imp))


if __name__ == "__main__":
    main()
