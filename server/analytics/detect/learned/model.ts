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

/** Which child a value goes to (LightGBM's NumericalDecision). */
function goesLeft(node: TreeNode, x: number): boolean {
  const missing = node.missing_type ?? "None";
  let v = x;
  if (Number.isNaN(v) && missing !== "NaN") v = 0;
  if ((missing === "Zero" && Math.abs(v) <= ZERO) || (missing === "NaN" && Number.isNaN(v)))
    return node.default_left ?? false;
  if (node.decision_type !== undefined && node.decision_type !== "<=")
    throw new Error(`learned model: split kind ${node.decision_type} is not supported`);
  return v <= node.threshold!;
}

export class TreeModel {
  readonly featureNames: string[];
  readonly threshold: number;
  private readonly roots: TreeNode[];

  constructor(readonly json: ModelJson) {
    if (!json.objective.startsWith("binary"))
      throw new Error(`learned model: objective ${json.objective} is not binary`);
    this.featureNames = json.feature_names;
    this.threshold = json.threshold;
    this.roots = json.tree_info.map((t) => t.tree_structure);
  }

  /** The raw score (log-odds): the sum of the leaves reached. */
  raw(row: ArrayLike<number>): number {
    let sum = 0;
    for (const root of this.roots) {
      let node = root;
      while (node.leaf_value === undefined)
        node = goesLeft(node, row[node.split_feature!]) ? node.left_child! : node.right_child!;
      sum += node.leaf_value;
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
    const byFeature = new Float64Array(this.featureNames.length);
    let bias = 0;
    for (const root of this.roots) {
      let node = root;
      let value = root.leaf_value ?? root.internal_value ?? 0;
      bias += value;
      while (node.leaf_value === undefined) {
        const f = node.split_feature!;
        node = goesLeft(node, row[f]) ? node.left_child! : node.right_child!;
        const next = node.leaf_value ?? node.internal_value ?? 0;
        byFeature[f] += next - value;
        value = next;
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
