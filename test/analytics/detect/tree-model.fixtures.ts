/** Hand-made LightGBM-style models for the tree walker's tests (server/analytics/detect/learned/model.ts). */
import { TreeModel, type TreeNode } from "../../../server/analytics/detect/learned/model.js";

/** A binary model of one tree over `featureNames`, flagging from `threshold`. */
export function oneTreeModel(featureNames: readonly string[], tree: TreeNode, threshold = 0.5): TreeModel {
  return new TreeModel({
    objective: "binary sigmoid:1",
    feature_names: [...featureNames],
    threshold,
    trained_on: [],
    validated_on: [],
    tree_info: [{ tree_index: 0, shrinkage: 1, tree_structure: tree }],
  });
}
