/**
 * Which non-CSV format a file is, from its first bytes (never from its extension alone: banks name MT940 files
 * `.txt`, `.sta` or `.940`, and camt files `.xml` or `.053`):
 *
 * - xlsx: a ZIP archive (`PK\x03\x04`) with a part under `xl/` (`xl/workbook.xml`, `xl/worksheets/…`; ECMA-376:
 *   every part has a local header naming it, so the name is searched in the head);
 * - 1C: the first line is `1CClientBankExchange` (the 1C "Клиент банка" exchange standard), in Windows-1251 or UTF-8;
 * - camt: XML whose namespace is `urn:iso:std:iso:20022:tech:xsd:camt.052|053|054.001.xx`;
 * - MT940: SWIFT tags `:20:`, `:25:` and `:61:` (or `:28C:`/`:60F:`) at line starts, possibly inside `{4:` … `-}`.
 *
 * Returns null for anything else, which then goes to the CSV pipeline (and its own explanations).
 */
import iconv from "iconv-lite";
import type { FormatId } from "./types.js";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const ONE_C = "1CClientBankExchange";
const CAMT_NS = /urn:iso:std:iso:20022:tech:xsd:(camt\.05[234]\.001\.[0-9]{2})/;

function startsWithBytes(head: Uint8Array, magic: readonly number[]): boolean {
  if (head.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[i] !== magic[i]) return false;
  return true;
}

/** The head as text for tag searches: ASCII-compatible in UTF-8 and Windows-1251 alike. */
function asText(head: Uint8Array, max = 16 * 1024): string {
  const n = Math.min(head.length, max);
  return iconv.decode(Buffer.from(head.buffer, head.byteOffset, n), "latin1");
}

/** Does the text carry MT940 statement tags at line starts? */
export function looksLikeMt940(text: string): boolean {
  const tag = (t: string) => new RegExp(`(^|[\\r\\n{:])${t}`).test(text);
  return tag(":20:") && tag(":25:") && (tag(":61:") || tag(":60[FM]:") || tag(":28C?:"));
}

/** The camt message name and version in an XML head ("camt.053.001.08"), or undefined. */
export function camtVersion(text: string): string | undefined {
  return CAMT_NS.exec(text)?.[1];
}

/** Detect the format of a file from its first bytes; null when it is none of the formats read here. */
export function detectFormat(head: Uint8Array): FormatId | null {
  if (startsWithBytes(head, ZIP_MAGIC)) {
    // The central directory (at the end) is beyond a 64 KiB head; the local headers of the parts are not.
    const names = asText(head, head.length);
    return names.includes("xl/workbook.xml") || names.includes("xl/worksheets/") ? "xlsx" : null;
  }
  const text = asText(head).replace(/^\u00ef\u00bb\u00bf/, "");
  if (text.trimStart().startsWith(ONE_C)) return "1c";
  const lead = text.trimStart();
  if (lead.startsWith("<") && camtVersion(text)) return "camt";
  if (looksLikeMt940(text)) return "mt940";
  return null;
}
