"""What the TypeScript tree walker (server/analytics/detect/learned/model.ts) reads of a LightGBM booster, and the
golden sample it must reproduce: shared by tools/scorer/train.py and tools/stragglers/train.py."""

import json
import math

import lightgbm as lgb
import numpy as np

KEEP = {
    "split_feature",
    "threshold",
    "decision_type",
    "default_left",
    "missing_type",
    "left_child",
    "right_child",
    "leaf_value",
    "internal_value",
}


def _prune(node):
    return {k: (_prune(v) if isinstance(v, dict) else v) for k, v in node.items() if k in KEEP}


def write_model(path, booster, trees, threshold, trained_on, validated_on, params):
    """The booster's dump_model() with the fields the walker reads, the threshold and the worlds, as one JSON line."""
    dump = booster.dump_model(num_iteration=trees)
    model = {
        "format": "lightgbm dump_model, fields the walker reads (server/analytics/detect/learned/model.ts)",
        "lightgbm": lgb.__version__,
        "objective": dump["objective"],
        "feature_names": dump["feature_names"],
        "threshold": threshold,
        "trained_on": trained_on,
        "validated_on": validated_on,
        "params": params,
        "tree_info": [
            {"tree_index": t["tree_index"], "shrinkage": t["shrinkage"], "tree_structure": _prune(t["tree_structure"])}
            for t in dump["tree_info"]
        ],
    }
    with open(path, "w") as f:
        json.dump(model, f, separators=(",", ":"))
        f.write("\n")


def write_golden(path, booster, trees, x):
    """300 rows of x drawn with a fixed seed (NaNs as null) and the booster's raw scores for them."""
    rng = np.random.RandomState(7)
    pick = sorted(rng.choice(len(x), size=300, replace=False).tolist())
    raw = booster.predict(x[pick], num_iteration=trees, raw_score=True)
    golden = {
        "rows": [[None if math.isnan(v) else float(v) for v in x[i]] for i in pick],
        "raw": [float(v) for v in raw],
    }
    with open(path, "w") as f:
        json.dump(golden, f, separators=(",", ":"))
        f.write("\n")
