/**
 * Export formats beyond CSV (docs/FORMATS.md, "Other formats"): Excel .xlsx, 1C ClientBankExchange, ISO 20022
 * camt.053 (and camt.052/054), SWIFT MT940. Detected by content; each reader yields string rows that the CSV row
 * mappers take, so validation, dedupe, provenance and reports are the same for every format.
 */
export { detectFormat } from "./detect.js";
export { ingestStructured, prepareStructured, type StructuredFile } from "./ingest.js";
export { readCamt } from "./camt.js";
export { readMt940 } from "./mt940.js";
export { readOneC } from "./one-c.js";
export { readXlsx } from "./xlsx.js";
export type { FormatFileReport, FormatId, FormatTable, LineMeans, TableRow } from "./types.js";
