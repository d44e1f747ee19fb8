"""Train the learned scorer (docs/DETECTION.md § "The learned scorer").

    python3 tools/scorer/train.py <train.csv>[,<train.csv>...] <validate.csv> [<validate-kazakh.csv>]

Reads the tables tools/scorer/features.ts wrote (training worlds, validation worlds: disjoint seeds; a training table
whose file name holds "kazakh" is the first world's), trains LightGBM
(fixed seed, deterministic, one thread), picks the number of trees on the validation worlds' log loss and the
threshold on the validation worlds (the rules' flags or the model's, mean F1 over worlds, no world with more than
0.5% of its hard negatives flagged, and no hard negative of the first world's validation case flagged by the model; in
the first world, which has complaints, the model recasts no account the rules called a victim), and writes:
  server/analytics/detect/learned/model.json  the booster's dump_model() with the fields the TypeScript walker reads,
                                              the threshold and the seeds it was trained and validated on;
  test/analytics/detect/learned-golden.json   validation rows and the booster's raw scores for them (the TypeScript
                                              walker must reproduce them to 1e-9).
Prints per validation world: rules alone and rules + scorer (P/R/F1, hard negatives, recall per typology).
"""

import csv
import os
import sys

import lightgbm as lgb
import numpy as np

from walker_dump import write_golden, write_model

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "server/analytics/detect/learned/model.json")
GOLDEN = os.path.join(ROOT, "test/analytics/detect/learned-golden.json")
MAX_TREES = 150
HN_MAX = 0.005


def read(paths):
    rows, worlds = [], []
    for path in paths.split(","):
        with open(path, newline="") as f:
            part = list(csv.reader(f))
        if rows and part[0] != rows[0]:
            raise SystemExit(f"{path}: columns differ from the first table's")
        world = "kazakh" if "kazakh" in os.path.basename(path) else "aml3"
        rows = rows or part[:1]
        rows += part[1:]
        worlds += [world] * (len(part) - 1)
    head = rows[0]
    names = head[5:]
    seeds = np.array([int(r[0]) for r in rows[1:]])
    tags = sorted({f"{w}-s{r[0]}" for w, r in zip(worlds, rows[1:])}, key=lambda t: (t[0], int(t.split("-s")[1])))
    accounts = [r[1] for r in rows[1:]]
    label = np.array([int(r[2]) for r in rows[1:]])
    hard = np.array([int(r[3]) for r in rows[1:]])
    typ = [r[4].split("|") if r[4] else [] for r in rows[1:]]
    x = np.array([[float(c) if c != "" else np.nan for c in r[5:]] for r in rows[1:]], dtype=np.float64)
    return dict(names=names, seeds=seeds, tags=tags, accounts=accounts, label=label, hard=hard, typ=typ, x=x)


def score(d, flagged, mask):
    lab = d["label"][mask] == 1
    fl = flagged[mask]
    hits = int(np.sum(lab & fl))
    found = int(np.sum(fl))
    truth = int(np.sum(lab))
    p = hits / found if found else 0.0
    r = hits / truth if truth else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    hn = d["hard"][mask] == 1
    hn_share = float(np.sum(hn & fl)) / max(1, int(np.sum(hn)))
    per = {}
    idx = np.nonzero(mask)[0]
    for i in idx:
        for t in d["typ"][i]:
            a = per.setdefault(t, [0, 0])
            a[1] += 1
            if flagged[i]:
                a[0] += 1
    return dict(p=p, r=r, f1=f1, hn=hn_share, hn_n=int(np.sum(hn & fl)), per=per)


def line(s):
    per = ", ".join(f"{t} {h}/{n}" for t, (h, n) in sorted(s["per"].items()))
    low = sum(1 for h, n in s["per"].values() if n and h / n < 0.7)
    return f"P {s['p']:.2f} R {s['r']:.2f} F1 {s['f1']:.3f} HN {100 * s['hn']:.2f}% ({s['hn_n']}); typologies < 0.7: {low}; {per}"


def main():
    train = read(sys.argv[1])
    val = read(sys.argv[2])
    names = train["names"]
    params = dict(
        objective="binary",
        learning_rate=0.08,
        num_leaves=15,
        min_data_in_leaf=40,
        feature_fraction=0.8,
        lambda_l2=1.0,
        seed=1,
        deterministic=True,
        force_row_wise=True,
        num_threads=1,
        verbose=-1,
    )
    dtrain = lgb.Dataset(train["x"], label=train["label"], feature_name=names, free_raw_data=False)
    dval = lgb.Dataset(val["x"], label=val["label"], reference=dtrain)
    evals = {}
    booster = lgb.train(
        params,
        dtrain,
        num_boost_round=MAX_TREES,
        valid_sets=[dval],
        valid_names=["validate"],
        callbacks=[lgb.record_evaluation(evals), lgb.early_stopping(20, verbose=False)],
    )
    trees = booster.best_iteration or MAX_TREES
    print(f"training rows {len(train['label'])} ({int(train['label'].sum())} laundering) from {', '.join(train['tags'])}")
    print(f"trees: {trees} (validation log loss {evals['validate']['binary_logloss'][trees - 1]:.5f})")

    prob = booster.predict(val["x"], num_iteration=trees)
    rule = val["x"][:, names.index("rule_flag")] == 1
    kz = read(sys.argv[3]) if len(sys.argv) > 3 else None
    if kz:
        kz_prob = booster.predict(kz["x"], num_iteration=trees)
        kz_rule = kz["x"][:, names.index("rule_flag")] == 1
        kz_open = ~kz_rule & (kz["x"][:, names.index("rule_victim")] == 0)
    vseeds = sorted(set(val["seeds"].tolist()))
    best = None
    for thr in np.arange(0.05, 0.96, 0.01):
        fl = rule | (prob >= thr)
        ss = [score(val, fl, val["seeds"] == s) for s in vseeds]
        if any(s["hn"] > HN_MAX for s in ss):
            continue
        if kz and np.any(kz_open & (kz_prob >= thr) & (kz["hard"] == 1)):
            continue
        f1 = float(np.mean([s["f1"] for s in ss]))
        if best is None or f1 > best[1] + 1e-12:
            best = (float(round(thr, 2)), f1)
    thr = best[0] if best else 0.95
    print(f"threshold {thr} (mean validation F1 {best[1] if best else float('nan'):.4f})")
    if kz:
        all_kz = np.ones(len(kz["label"]), dtype=bool)
        print(f"first world {', '.join(kz['tags'])} rules          {line(score(kz, kz_rule, all_kz))}")
        print(f"first world {', '.join(kz['tags'])} rules + scorer {line(score(kz, kz_rule | (kz_open & (kz_prob >= thr)), all_kz))}")
    for s in vseeds:
        m = val["seeds"] == s
        print(f"seed {s} rules          {line(score(val, rule, m))}")
        print(f"seed {s} rules + scorer {line(score(val, rule | (prob >= thr), m))}")

    write_model(MODEL, booster, trees, thr, train["tags"], val["tags"] + (kz["tags"] if kz else []), params)
    # Golden sample: 300 validation rows drawn with a fixed seed, NaNs as null.
    write_golden(GOLDEN, booster, trees, val["x"])
    imp = sorted(zip(booster.feature_importance("gain", iteration=trees), names), reverse=True)[:15]
    print("top features by gain: " + ", ".join(f"{n} {g:.0f}" for g, n in imp))


if __name__ == "__main__":
    main()
