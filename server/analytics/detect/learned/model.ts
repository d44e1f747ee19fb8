/**
 * The learned scorer's model at run time: a walker over LightGBM's dump_model() JSON (tools/scorer/train.py writes it
 * to model.json), so that inference needs neither Python nor a native library. Numerical splits only (the features
 * are all numbers). Each prediction can also say what every feature contributed (Saabas: along the path an account
 * takes through each tree, the change of the node's value at each split is put down to that split's feature), which
 * is what the reasons are made of. docs/DETECTION.md § "The learned scorer".
 */
import { readFileSync } from "node:fs";

export interface TreeNode {
  split_feature?: number;
  threshold?: number;
  decision_type?: string;
  default_left?: boolean;
  missing_type?: string;
  internal_value?: number;
  left_child?: TreeNode;
  right_child?: TreeNode;
  leaf_value?: number;
}

export interface ModelJson {
  objective: string;
  feature_names: string[];
  /** Model probability at or above which the scorer flags an account (chosen on the validation worlds). */
  threshold: number;
  /** The generated worlds it was trained on and those the threshold and size were chosen on ("aml3-s501"). */
  trained_on: string[];
  validated_on: string[];
  tree_info: { tree_index: number; shrinkage: number; tree_structure: TreeNode }[];
}

/** LightGBM's kZeroThreshold: |x| at or below it is zero for missing_type "Zero". */
const ZERO = 1e-35;

/** Missing-value handling of a split, as LightGBM's dump names it. */
const MISSING_NONE = 0;
const MISSING_ZERO = 1;
const MISSING_NAN = 2;

/**
 * The trees laid out flat in typed arrays (one walk per tree without touching JSON objects): node i splits on
 * feature[i] at threshold[i], or is a leaf when feature[i] is -1 (its value in value[i]); value[i] of a split is its
 * internal_value (for the contributions).
 */
interface FlatTrees {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missing: Uint8Array;
  defaultLeft: Uint8Array;
  value: Float64Array;
}

function flatten(roots: TreeNode[]): FlatTrees {
  let placed = 0;
  const count = (n: TreeNode): number =>
    1 + (n.leaf_value === undefined ? count(n.left_child!) + count(n.right_child!) : 0);
  const total = roots.reduce((s, r) => s + count(r), 0);
  const t: FlatTrees = {
    roots: new Int32Array(roots.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    missing: new Uint8Array(total),
    defaultLeft: new Uint8Array(total),
    value: new Float64Array(total),
  };
  const place = (n: TreeNode): number => {
    const i = placed++;
    if (n.leaf_value !== undefined) {
      t.feature[i] = -1;
      t.value[i] = n.leaf_value;
      return i;
    }
    if (n.decision_type !== undefined && n.decision_type !== "<=")
      throw new Error(`learned model: split kind ${n.decision_type} is not supported`);
    t.feature[i] = n.split_feature!;
    t.threshold[i] = n.threshold!;
    t.missing[i] =
      n.missing_type === "NaN" ? MISSING_NAN : n.missing_type === "Zero" ? MISSING_ZERO : MISSING_NONE;
    t.defaultLeft[i] = n.default_left ? 1 : 0;
    t.value[i] = n.internal_value ?? 0;
    t.left[i] = place(n.left_child!);
    t.right[i] = place(n.right_child!);
    return i;
  };
  roots.forEach((r, k) => (t.roots[k] = place(r)));
  return t;
}

/** Which child of split node i a value goes to (LightGBM's NumericalDecision). */
function next(t: FlatTrees, i: number, x: number): number {
  const missing = t.missing[i];
  let v = x;
  if (v !== v && missing !== MISSING_NAN) v = 0;
  if ((missing === MISSING_ZERO && Math.abs(v) <= ZERO) || (missing === MISSING_NAN && v !== v))
    return t.defaultLeft[i] ? t.left[i] : t.right[i];
  return v <= t.threshold[i] ? t.left[i] : t.right[i];
}

export class TreeModel {
  readonly featureNames: string[];
  readonly threshold: number;
  private readonly trees: FlatTrees;

  constructor(readonly json: ModelJson) {
    if (!json.objective.startsWith("binary"))
      throw new Error(`learned model: objective ${json.objective} is not binary`);
    this.featureNames = json.feature_names;
    this.threshold = json.threshold;
    this.trees = flatten(json.tree_info.map((t) => t.tree_structure));
  }

  /** The raw score (log-odds): the sum of the leaves reached. */
  raw(row: ArrayLike<number>): number {
    const t = this.trees;
    let sum = 0;
    for (let k = 0; k < t.roots.length; k++) {
      let i = t.roots[k];
      while (t.feature[i] >= 0) i = next(t, i, row[t.feature[i]]);
      sum += t.value[i];
    }
    return sum;
  }

  probability(row: ArrayLike<number>): number {
    return 1 / (1 + Math.exp(-this.raw(row)));
  }

  /**
   * Per feature, what it added to the raw score (Saabas), and the bias (the trees' root values): bias plus the
   * contributions is raw(row).
   */
  contributions(row: ArrayLike<number>): { bias: number; byFeature: Float64Array } {
    const t = this.trees;
    const byFeature = new Float64Array(this.featureNames.length);
    let bias = 0;
    for (let k = 0; k < t.roots.length; k++) {
      let i = t.roots[k];
      bias += t.value[i];
      while (t.feature[i] >= 0) {
        const f = t.feature[i];
        const j = next(t, i, row[f]);
        byFeature[f] += t.value[j] - t.value[i];
        i = j;
      }
    }
    return { bias, byFeature };
  }
}

let loaded: TreeModel | null = null;

/** The committed model (learned/model.json), read once. */
export function learnedModel(): TreeModel {
  loaded ??= new TreeModel(
    JSON.parse(readFileSync(new URL("./model.json", import.meta.url), "utf8")) as ModelJson,
  );
  return loaded;
}
