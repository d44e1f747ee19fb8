/**
 * The signature of a header row, which a saved named mapping is offered by: the hash of its cells normalised (case,
 * ё/е, spacing, surrounding quotes, a byte-order mark), so the same export from the same bank matches even when its
 * header differs only in such details, and a header with other columns or another order does not.
 */
import { createHash } from "node:crypto";

/** One header cell as the signature sees it. */
export function normaliseCell(cell: string): string {
  let s = cell
    .normalize("NFKC")
    .replace(/^\ufeff/, "")
    .trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1).trim();
  return s.toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ");
}

/**
 * The signature of a header row: SHA-256 (hex) of its normalised cells, trailing empty cells dropped (a spreadsheet
 * saved as CSV often pads the header with empty columns). Equal signatures mean "the same header".
 */
export function headerSignature(header: readonly string[]): string {
  const cells = header.map(normaliseCell);
  while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
  return createHash("sha256").update(JSON.stringify(cells)).digest("hex");
}
