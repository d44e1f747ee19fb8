/**
 * The evidence room's door: subgraph files for analysts' tools, evidence packages for prosecutors, and offline
 * verification of those packages.
 */
export { renderSubgraph, type RenderOptions } from "./render-subgraph.js";
export { neutraliseFormula } from "./csv.js";
export { EvidenceInputError, EvidenceNotFoundError, PackageFormatError } from "./errors.js";
export * from "./types.js";
