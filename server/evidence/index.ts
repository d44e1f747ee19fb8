/**
 * The evidence room's door: subgraph files for analysts' tools, evidence packages for prosecutors, and offline
 * verification of those packages.
 */
export { renderSubgraph, type RenderOptions } from "./render-subgraph.js";
export { exportSubgraph, type SubgraphExport, type SubgraphExportOptions } from "./subgraph-export.js";
export { buildEvidencePackage, type BuildPackageOptions, type EvidencePackage } from "./package.js";
export { verifyPackage, type VerifyPackageOptions } from "./verify.js";
export { describeSelection, resolveSelection } from "./selection.js";
export { neutraliseFormula } from "./csv.js";
export { DEJAVU_FONTS, type PdfOptions } from "./report-pdf.js";
export { EvidenceInputError, EvidenceNotFoundError, PackageFormatError } from "./errors.js";
export * from "./types.js";
