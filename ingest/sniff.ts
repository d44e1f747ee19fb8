/**
 * Format detection from the first 64 KiB of a file: encoding, delimiter, the header row (skipping preamble lines
 * such as "Выписка по счету KZ…" or "Период: …"), the export kind and column mapping, and what the preamble says
 * about a statement's own account and holder.
 */
import { parse as parseSync } from "csv-parse/sync";
import { isValidIban } from "../model/identifiers.js";
import type { ExportKind } from "../model/records.js";
import {
  detectKind,
  hasMoneyColumn,
  isUsable,
  kindScore,
  matchHeader,
  recognisedCount,
  EXPORT_KINDS,
  type HeaderMatch,
} from "./columns.js";
import { decodeSample, detectEncoding, encodingFromMapping, type DetectedEncoding } from "./encoding.js";
import { IncompleteHeaderError, UnreadableFileError } from "./errors.js";
import type { ColumnMapping, PreambleFacts } from "./types.js";

/** Delimiters tried, in order of preference on a tie. */
const DELIMITERS = [";", ",", "\t", "|"];
/** Lines searched for the header row. */
const MAX_HEADER_SEARCH = 100;

/** What the preamble of a statement says (docs/FORMATS.md; reported as FileReport.preamble). */
export type Preamble = PreambleFacts;

const DATE = String.raw`(\d{2}\.\d{2}\.\d{4}|\d{4}-\d{2}-\d{2})`;
/** "Период: 01.03.2024 - 31.03.2024", "за период с 01.03.2024 по 31.03.2024", "Period: … to …", "Кезең: …". */
const PERIOD = new RegExp(
  String.raw`(?:период|period|кезең|за период)\s*:?\s*(?:с|from)?\s*${DATE}\s*(?:-|–|—|по|to|till|until)\s*${DATE}`,
  "iu",
);
/** "Номер счета: 40817810…", "Account number: 12345678", "ИИК: …" (a plain number; IBANs are found anyway). */
const ACCOUNT_LABEL =
  /(?:номер сч[её]та|сч[её]т №|сч[её]т|иик|шот|account number|account no\.?|account)\s*[:№]?\s*([0-9][0-9 ]{5,30}[0-9])(?![0-9])/iu;
const SORT_CODE = /sort code\s*:?\s*([0-9]{2}-[0-9]{2}-[0-9]{2})/i;
/** A 12-digit IIN/BIN after its label, on a line of its own or after the holder. */
const HOLDER_ID =
  /(?:ИИН\/БИН|БИН\/ИИН|ИИН|БИН|ЖСН\/БСН|ЖСН|БСН|IIN\/BIN|BIN\/IIN|IIN|BIN)(?:\s+(?:клиента|владельца|client))?\s*:?\s*([0-9]{12})(?![0-9])/u;
/** Labels of the holder's name. */
const HOLDER =
  /(?:Владелец сч[её]та|Владелец|Шот иесі|Account holder|Account name|Наименование клиента|Клиент|Client|Customer)\s*:\s*(.+?)(?:[,;]?\s*(?:ИИН\/БИН|БИН\/ИИН|ИИН|БИН|ЖСН|БСН|IIN\/BIN|IIN|BIN)\s*:?\s*([0-9]{12}))?\s*$/i;

export interface Sniffed {
  encoding: DetectedEncoding;
  delimiter: string;
  /** 1-based line of the header row. */
  headerLine: number;
  /** Byte offset of the header row in the file. */
  headerOffset: number;
  headers: string[];
  match: HeaderMatch;
  preamble: Preamble;
  /** Header row then up to 10 data rows, from the sample. */
  preview: string[][];
}

/** Split one physical line into cells (quote-aware within the line; enough for finding the header). */
export function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === '"' && cur.trim() === "") {
      quoted = true;
      cur = "";
    } else if (line.startsWith(delimiter, i)) {
      cells.push(cur);
      cur = "";
      i += delimiter.length - 1;
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

function delimiterName(d: string): string {
  return d === "\t" ? "tab" : JSON.stringify(d);
}

/**
 * Read a statement's own account, holder (name, IIN/BIN), bank, currency and period from its preamble (CSV lines of
 * `delimiter`). The first value of each kind wins.
 */
export function readPreamble(lines: string[], delimiter = ";"): Preamble {
  const out: Preamble = {};
  for (const raw of lines) {
    const line = splitLine(raw, delimiter).join(" ").replace(/\s+/g, " ").trim();
    if (!out.account) {
      const tokens = line.split(/[\s,:]+/);
      for (let i = 0; i < tokens.length && !out.account; i++) {
        if (!/^[A-Z]{2}[0-9]{2}/.test(tokens[i]!)) continue;
        let acc = "";
        for (let j = i; j < tokens.length && /^[A-Z0-9]+$/.test(tokens[j]!); j++) {
          acc += tokens[j];
          if (isValidIban(acc)) {
            out.account = acc;
            break;
          }
        }
      }
    }
    if (!out.account) {
      const plain = ACCOUNT_LABEL.exec(line);
      if (plain) out.account = plain[1]!.replace(/ /g, "");
    }
    const holder = HOLDER.exec(line);
    if (holder && !out.holderName) {
      out.holderName = holder[1]!.replace(/[,;]\s*$/, "").trim();
      if (holder[2]) out.holderId = holder[2];
    }
    const id = HOLDER_ID.exec(line);
    if (id && !out.holderId) out.holderId = id[1];
    const period = PERIOD.exec(line);
    if (period && !out.period) out.period = { from: period[1]!, to: period[2]! };
    const sort = SORT_CODE.exec(line);
    if (sort && !out.bank) out.bank = sort[1]!.replace(/-/g, "");
    const bic = /(?:БИК|BIC|SWIFT)\s*:?\s*([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b/.exec(line);
    if (bic && !out.bank) out.bank = bic[1];
    const cur = /(?:Валюта сч[её]та|Валюта|Шот валютасы|Currency)\s*:?\s*([A-Z]{3})\b/i.exec(line);
    if (cur && !out.currency) out.currency = cur[1]!.toUpperCase();
  }
  return out;
}

function previewRows(text: string, delimiter: string, truncated: boolean): string[][] {
  let body = text;
  if (truncated) {
    const cut = Math.max(body.lastIndexOf("\n"), 0);
    body = body.slice(0, cut);
  }
  try {
    return parseSync(body, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to: 11,
    }) as string[][];
  } catch {
    return body
      .split(/\r\n|\n|\r/)
      .filter((l) => l.trim() !== "")
      .slice(0, 11)
      .map((l) => splitLine(l, delimiter));
  }
}

/**
 * Detect the format of a file from its first bytes. `truncated` says the sample is not the whole file.
 * Throws UnreadableFileError (with a plain explanation) when no header row can be found.
 */
export function sniff(head: Uint8Array, path: string, truncated: boolean, mapping?: ColumnMapping): Sniffed {
  const encoding = mapping?.encoding
    ? encodingFromMapping(mapping.encoding, head)
    : // A character cut at the end of the sample is allowed even for a whole file: uploads send heads of files.
      detectEncoding(head, path, true);
  const text = decodeSample(head, encoding);
  if (text.trim() === "")
    throw new UnreadableFileError(`"${path}" is empty: there is nothing to read.`, path);

  // Physical lines and where each starts (in characters of the decoded sample).
  const lines: string[] = [];
  const starts: number[] = [];
  const re = /\r\n|\n|\r/g;
  let at = 0;
  for (let m = re.exec(text); m && lines.length <= MAX_HEADER_SEARCH; m = re.exec(text)) {
    lines.push(text.slice(at, m.index));
    starts.push(at);
    at = m.index + m[0].length;
  }
  if (lines.length <= MAX_HEADER_SEARCH && at < text.length) {
    lines.push(text.slice(at));
    starts.push(at);
  }

  const delimiters = mapping?.delimiter ? [mapping.delimiter] : DELIMITERS;
  const overrides = mapping?.columns;
  let found: { index: number; delimiter: string; cells: string[]; match: HeaderMatch } | null = null;
  let nearMiss: { index: number; delimiter: string; cells: string[]; match: HeaderMatch } | null = null;
  for (let i = 0; i < lines.length && !found; i++) {
    let bestHere: { delimiter: string; cells: string[]; match: HeaderMatch; recognised: number } | null =
      null;
    for (const d of delimiters) {
      const cells = splitLine(lines[i]!, d);
      const recognised = recognisedCount(cells, overrides);
      const nonEmpty = cells.filter((c) => c.trim() !== "").length;
      // Most cells, or at least four, mean something: wide exports (PaySim, Tinkoff) name only some columns in
      // words recognition knows, and a row of data rarely has four cells that read as column names.
      if (recognised < 2 || (recognised * 2 < nonEmpty && recognised < 4)) continue;
      const match = mapping?.kind
        ? matchHeader(mapping.kind, cells, overrides)
        : detectKind(cells, overrides);
      if (match && isUsable(match)) {
        if (!bestHere || recognised > bestHere.recognised)
          bestHere = { delimiter: d, cells, match, recognised };
      } else {
        // Remember the closest header-looking row to explain what is missing.
        const partial = match ?? closestKind(cells, overrides);
        const gap = (m: HeaderMatch) => m.missing.length + m.conflicts.length;
        if (!nearMiss || gap(partial) < gap(nearMiss.match))
          nearMiss = { index: i, delimiter: d, cells, match: partial };
      }
    }
    if (bestHere) found = { index: i, ...bestHere };
  }

  if (!found) {
    if (nearMiss) {
      throw new IncompleteHeaderError(
        `"${path}": the header row on line ${nearMiss.index + 1} looks like ${withArticle(kindName(nearMiss.match.kind))} ` +
          `but ${headerProblems(nearMiss.match)}. Rename the column, or give a mapping file (--mapping) that says ` +
          `which column holds it (see docs/FORMATS.md).`,
        path,
        sniffed(nearMiss),
      );
    }
    throw new UnreadableFileError(
      `"${path}": no header row with known column names was found in the first ${lines.length} lines ` +
        `(tried delimiters ${delimiters.map(delimiterName).join(", ")}). Expected names such as "Дата операции", ` +
        `"Счет отправителя", "Сумма" or "Date", "Amount" (see docs/FORMATS.md), or give a mapping file (--mapping).`,
      path,
    );
  }

  return sniffed(found);

  /** The detection result for a header row (usable, or the near miss an IncompleteHeaderError carries). */
  function sniffed(at: { index: number; delimiter: string; cells: string[]; match: HeaderMatch }): Sniffed {
    return describe(at, encoding, text, lines, starts, truncated);
  }
}

function describe(
  found: { index: number; delimiter: string; cells: string[]; match: HeaderMatch },
  encoding: DetectedEncoding,
  text: string,
  lines: string[],
  starts: number[],
  truncated: boolean,
): Sniffed {
  const headerStart = starts[found.index]!;
  const prefix = text.slice(0, headerStart);
  const headerOffset =
    encoding === "cp1251"
      ? prefix.length
      : Buffer.byteLength(prefix, "utf8") + (encoding === "utf8-bom" ? 3 : 0);
  const preamble =
    found.match.kind === "statement" ? readPreamble(lines.slice(0, found.index), found.delimiter) : {};
  return {
    encoding,
    delimiter: found.delimiter,
    headerLine: found.index + 1,
    headerOffset,
    headers: found.cells,
    match: found.match,
    preamble,
    preview: previewRows(text.slice(headerStart), found.delimiter, truncated),
  };
}

/** The kind whose required fields a header row comes closest to having (then: whose fields it names best). */
function closestKind(cells: string[], overrides?: Record<string, string>): HeaderMatch {
  let best: HeaderMatch | null = null;
  let bestScore = -Infinity;
  for (const kind of EXPORT_KINDS) {
    if (kind === "linkage" && hasMoneyColumn(cells)) continue;
    const m = matchHeader(kind, cells, overrides);
    const score =
      Object.keys(m.mapping).length - (m.missing.length + m.conflicts.length) * 2 + kindScore(m) / 1000;
    if (score > bestScore) {
      best = m;
      bestScore = score;
    }
  }
  return best!;
}

/** What keeps a header row from being usable, in words: fields with no column, fields several columns claim. */
export function headerProblems(m: HeaderMatch): string {
  const parts: string[] = [];
  if (m.missing.length > 0) parts.push(`has no column for: ${m.missing.join(", ")}`);
  for (const a of m.conflicts) {
    parts.push(
      `columns ${a.columns.map((c) => JSON.stringify(c)).join(" and ")} could each be ${a.field} ` +
        `(say which in the mapping)`,
    );
  }
  return parts.join("; ");
}

const KIND_NAMES: Record<ExportKind, string> = {
  register: "transfer register",
  statement: "account statement",
  linkage: "card-linkage / app-session log",
  complaints: "complaint register",
  watchlist: "watch-list",
};

/** "a transfer register", "an account statement". */
function withArticle(words: string): string {
  return `${/^[aeiou]/i.test(words) ? "an" : "a"} ${words}`;
}

/** A kind in plain words. */
export function kindName(kind: ExportKind): string {
  return KIND_NAMES[kind];
}
