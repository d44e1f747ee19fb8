/**
 * Text encoding of an export, detected from its first bytes: UTF-8 with BOM, UTF-8, or Windows-1251 (what Kazakh
 * banks' older systems write). Also recognises files that are not CSV text at all (Excel workbooks, UTF-16, other
 * binaries) so that the user gets a plain explanation instead of a page of garbage rejects.
 *
 * The encoding is one per file, but it is checked per row (rowEncodingProblem): a file stitched together from a
 * UTF-8 and a Windows-1251 export is read in the encoding most of its sample is written in, and each row written in
 * the other one is rejected with its line instead of being stored garbled (issue 22: one Windows-1251 row used to
 * turn the whole UTF-8 file into Windows-1251, and a holder's first-seen name wins, so the garbled names stayed).
 */
import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";
import { UnreadableFileError } from "./errors.js";

/** Detected encodings; "utf8-bom" decodes as UTF-8 with the BOM skipped. */
export type DetectedEncoding = "utf8" | "utf8-bom" | "cp1251";

/** How many bytes detection looks at. */
export const DETECT_BYTES = 64 * 1024;

const BOM = [0xef, 0xbb, 0xbf];

/** Does the buffer start with the UTF-8 byte-order mark? */
export function hasUtf8Bom(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === BOM[0] && head[1] === BOM[1] && head[2] === BOM[2];
}

/**
 * Is the buffer valid UTF-8? A multi-byte sequence cut off by the end of the sample is allowed (`truncated`), since
 * detection only reads the first 64 KiB.
 */
export function isValidUtf8(buf: Uint8Array, truncated: boolean): boolean {
  return utf8Census(buf, truncated).invalid === 0;
}

/**
 * UTF-8 structure of a buffer: well-formed multi-byte sequences, and bytes that break UTF-8. Windows-1251 Cyrillic
 * text is almost all "invalid" (its letters are 0xC0–0xFF, never continuation bytes), UTF-8 Cyrillic is all
 * multi-byte, so the two counts say which encoding a sample is mostly written in. A sequence cut off by the end of
 * the buffer counts as well-formed when `truncated`.
 */
export function utf8Census(buf: Uint8Array, truncated: boolean): { multibyte: number; invalid: number } {
  let multibyte = 0;
  let invalid = 0;
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else {
      invalid++;
      i++;
      continue;
    }
    let k = 1;
    while (k <= need && i + k < n && (buf[i + k]! & 0xc0) === 0x80) k++;
    if (k > need) {
      multibyte++;
      i += need + 1;
    } else if (i + k >= n && truncated) {
      multibyte++;
      i = n;
    } else {
      invalid++;
      i++;
    }
  }
  return { multibyte, invalid };
}

function describe(path: string): string {
  return `"${path}"`;
}

/**
 * Detect the encoding of a file from its first bytes. Throws UnreadableFileError for Excel workbooks, UTF-16 text
 * and binary data.
 */
export function detectEncoding(head: Uint8Array, path: string, truncated: boolean): DetectedEncoding {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new UnreadableFileError(
      `${describe(path)} is an Excel workbook (.xlsx) or another ZIP archive, not a CSV file. ` +
        `Open it in Excel and use "Save As" → "CSV (semicolon delimited)" or "CSV UTF-8", then check that file.`,
      path,
    );
  }
  if (head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new UnreadableFileError(
      `${describe(path)} is an old Excel workbook (.xls), not a CSV file. ` +
        `Open it in Excel and use "Save As" → "CSV", then check that file.`,
      path,
    );
  }
  if (
    head.length >= 2 &&
    ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
  ) {
    throw new UnreadableFileError(
      `${describe(path)} is saved as UTF-16 ("Unicode text"). Save it again as "CSV UTF-8" or Windows-1251 CSV.`,
      path,
    );
  }
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0) {
      throw new UnreadableFileError(
        `${describe(path)} is not a text file (it contains binary data). Export the data as CSV text and try again.`,
        path,
      );
    }
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > Math.max(8, head.length / 100)) {
    throw new UnreadableFileError(
      `${describe(path)} does not look like a text file (too many control characters). Export the data as CSV text.`,
      path,
    );
  }
  if (hasUtf8Bom(head)) return "utf8-bom";
  // A sample with both well-formed UTF-8 and bytes that are not: mixed rows. The majority decides the file's
  // encoding; the pipeline rejects each row of the minority (rowEncodingProblem).
  const { multibyte, invalid } = utf8Census(head, truncated);
  return invalid === 0 || multibyte > invalid ? "utf8" : "cp1251";
}

/** Windows-1251 characters of bytes 0x80–0xBF: what UTF-8 continuation bytes turn into when read as Windows-1251. */
const CP1251_HIGH = iconv.decode(Buffer.from(Array.from({ length: 0x40 }, (_, i) => 0x80 + i)), "win1251");
function classOf(chars: string): string {
  return [...chars]
    .filter((c) => c !== "\ufffd")
    .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .join("");
}
/**
 * A two-byte UTF-8 sequence read as Windows-1251: a capital letter from a lead byte 0xC2–0xDF (Cyrillic UTF-8 is
 * 0xD0–0xD3: "Р", "С", "Т", "У") followed by a character of a continuation byte ("Р°" is UTF-8 "а"). A cheap
 * pre-filter: real Windows-1251 text can match it too ("ТОВ»"), so a hit is confirmed by re-encoding.
 */
const MOJIBAKE = new RegExp(
  `[${classOf(iconv.decode(Buffer.from(Array.from({ length: 0x1e }, (_, i) => 0xc2 + i)), "win1251"))}]` +
    `[${classOf(CP1251_HIGH)}]`,
);

/** Cyrillic letters (U+0400–U+04FF, Kazakh ones included) in a string. */
function cyrillicCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x400 && c <= 0x4ff) n++;
  }
  return n;
}

/**
 * Why a parsed row does not decode cleanly in its file's encoding, or undefined when it does. `headers` names the
 * column in the message.
 *
 * - UTF-8 files: the decoder put U+FFFD where bytes are not UTF-8 (a Windows-1251 row, most likely).
 * - Windows-1251 files: a value whose bytes are well-formed UTF-8 holding two or more Cyrillic letters is a UTF-8
 *   value read as Windows-1251 ("Р˜РІР°РЅ" for "Иван"). Two adjacent Windows-1251 Cyrillic letters never form
 *   UTF-8, so a Windows-1251 word does not pass for UTF-8; bytes that are both ("Р»С»", which UTF-8 reads "лл")
 *   cannot be told apart by any check, and real text does not consist of them.
 */
export function rowEncodingProblem(
  row: readonly string[],
  encoding: DetectedEncoding,
  headers: readonly string[],
): string | undefined {
  const column = (i: number) => (headers[i] ? `column "${headers[i]!.trim()}"` : `value ${i + 1}`);
  if (encoding === "cp1251") {
    for (let i = 0; i < row.length; i++) {
      const v = row[i]!;
      if (!MOJIBAKE.test(v)) continue;
      const bytes = iconv.encode(v, "win1251");
      const { invalid } = utf8Census(bytes, false);
      if (invalid === 0 && cyrillicCount(bytes.toString("utf8")) >= 2) {
        return (
          `${column(i)}: this row is written in UTF-8 but the file is Windows-1251 (read as Windows-1251 it would ` +
          `be stored garbled). Save the whole file in one encoding and ingest it again`
        );
      }
    }
    return undefined;
  }
  for (let i = 0; i < row.length; i++) {
    // Windows-1251 bytes that happen to be well-formed UTF-8 ("Её" is C5 B8, UTF-8 "Ÿ") cannot be caught here; a
    // capitalised word ("Иван", "Алматы") always has bytes that are not.
    if (row[i]!.includes("\ufffd")) {
      return (
        `${column(i)}: this row has bytes that are not UTF-8 but the file is UTF-8 (a row in another encoding, ` +
        `such as Windows-1251, would be stored garbled). Save the whole file in one encoding and ingest it again`
      );
    }
  }
  return undefined;
}

/** Decode a sample in the detected encoding (BOM removed). */
export function decodeSample(head: Uint8Array, encoding: DetectedEncoding): string {
  if (encoding === "cp1251")
    return iconv.decode(Buffer.from(head.buffer, head.byteOffset, head.byteLength), "win1251");
  const start = encoding === "utf8-bom" ? 3 : 0;
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("utf8", start);
}

/** The encoding as a mapping file names it ("utf8" | "cp1251") mapped to the detector's names. */
export function encodingFromMapping(value: "utf8" | "cp1251", head: Uint8Array): DetectedEncoding {
  if (value === "cp1251") return "cp1251";
  return hasUtf8Bom(head) ? "utf8-bom" : "utf8";
}

/**
 * Which chunks of a streamed file may hold a row in another encoding, so that rowEncodingProblem runs only on the
 * rows of those chunks (one native check per 256 KiB instead of a scan of every value: the per-row check cost the
 * CSV pipeline about a tenth of its speed). Conservative: a chunk it calls clean holds no such row.
 * - UTF-8 files: the chunk's bytes, joined to the incomplete sequence the previous chunk ended with, are not all
 *   well-formed UTF-8 (node:buffer isUtf8).
 * - Windows-1251 files: the decoded chunk, with the previous chunk's last character before it (a pair may straddle
 *   the seam), contains the UTF-8-read-as-Windows-1251 pattern that rowEncodingProblem confirms.
 */
export class ChunkEncodingCheck {
  private tail: Buffer = Buffer.alloc(0);
  private lastChar = "";

  constructor(private readonly encoding: DetectedEncoding) {}

  /** Is the next chunk (raw bytes, and its decoded text for Windows-1251) possibly mixed? Call once per chunk, in order. */
  suspect(raw: Buffer, decoded?: string): boolean {
    if (this.encoding === "cp1251") {
      const text = decoded ?? "";
      const hit = MOJIBAKE.test(this.lastChar + text);
      if (text.length > 0) this.lastChar = text[text.length - 1]!;
      return hit;
    }
    const buf = this.tail.length > 0 ? Buffer.concat([this.tail, raw]) : raw;
    const cut = incompleteTailStart(buf);
    this.tail = Buffer.from(buf.subarray(cut));
    return !isUtf8(buf.subarray(0, cut));
  }

  /** At the end of the file: did it end inside a UTF-8 sequence (bytes that are not UTF-8)? */
  suspectAtEnd(): boolean {
    return this.tail.length > 0;
  }
}

/** Where a UTF-8 sequence that the buffer's end cuts short begins (the buffer's length when none is cut). */
function incompleteTailStart(buf: Buffer): number {
  for (let i = buf.length - 1; i >= 0 && i >= buf.length - 4; i--) {
    const b = buf[i]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return buf.length;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return buf.length - i < need ? i : buf.length;
  }
  return buf.length;
}
