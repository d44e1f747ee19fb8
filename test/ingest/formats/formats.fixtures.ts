/**
 * The non-CSV fixtures of test/fixtures/exports (README.md there says where each shape comes from) and what ingest
 * must make of each one on its own: kind, format, counts, and the position (`line`) of every transfer, reject and
 * footer: 1C document lines, sheet rows, camt `<Ntry>` and MT940 `:61:` positions.
 */
import { join } from "node:path";

export const EXPORTS = join(import.meta.dirname, "..", "..", "fixtures", "exports");

export interface FormatExpectation {
  file: string;
  kind: "statement" | "register";
  format: "xlsx" | "1c" | "camt" | "mt940";
  variant: string;
  encoding: string;
  rowsRead: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  footers: number;
  /** `line` of each transfer record emitted (accepted and duplicate rows), in order. */
  transferLines: number[];
  rejectLines: number[];
}

export const FORMAT_FIXTURES: readonly FormatExpectation[] = [
  {
    file: "1c-kz-statement.txt",
    kind: "register",
    format: "1c",
    variant: "1CClientBankExchange 1.03",
    encoding: "utf8",
    rowsRead: 5,
    accepted: 3,
    duplicates: 1,
    rejected: 1,
    footers: 0,
    transferLines: [20, 38, 56, 88],
    rejectLines: [72],
  },
  {
    file: "1c-ru-statement.cp1251.txt",
    kind: "register",
    format: "1c",
    variant: "1CClientBankExchange 1.02",
    encoding: "cp1251",
    rowsRead: 4,
    accepted: 3,
    duplicates: 0,
    rejected: 1,
    footers: 0,
    transferLines: [22, 49, 66],
    rejectLines: [83],
  },
  {
    file: "camt053-de-batch.xml",
    kind: "statement",
    format: "camt",
    variant: "camt.053.001.02",
    encoding: "utf8",
    rowsRead: 6,
    accepted: 4,
    duplicates: 0,
    rejected: 2,
    footers: 0,
    transferLines: [1, 2, 2, 2],
    rejectLines: [3, 4],
  },
  {
    file: "camt053-v08-kz.xml",
    kind: "statement",
    format: "camt",
    variant: "camt.053.001.08",
    encoding: "utf8",
    rowsRead: 4,
    accepted: 3,
    duplicates: 1,
    rejected: 0,
    footers: 0,
    transferLines: [1, 2, 3, 4],
    rejectLines: [],
  },
  {
    file: "camt054-kz-notification.xml",
    kind: "statement",
    format: "camt",
    variant: "camt.054.001.08",
    encoding: "utf8",
    rowsRead: 1,
    accepted: 1,
    duplicates: 0,
    rejected: 0,
    footers: 0,
    transferLines: [1],
    rejectLines: [],
  },
  {
    file: "mt940-de-structured.sta",
    kind: "statement",
    format: "mt940",
    variant: "MT940 (SWIFT blocks)",
    encoding: "utf8",
    rowsRead: 5,
    accepted: 4,
    duplicates: 0,
    rejected: 1,
    footers: 0,
    transferLines: [1, 2, 4, 5],
    rejectLines: [3],
  },
  {
    file: "mt940-nl-plain.940",
    kind: "statement",
    format: "mt940",
    variant: "MT940",
    encoding: "utf8",
    rowsRead: 5,
    accepted: 4,
    duplicates: 0,
    rejected: 1,
    footers: 0,
    transferLines: [1, 2, 3, 5],
    rejectLines: [4],
  },
  {
    file: "camt052-intraday.xml",
    kind: "statement",
    format: "camt",
    variant: "camt.052.001.08",
    encoding: "utf8",
    rowsRead: 2,
    accepted: 1,
    duplicates: 0,
    rejected: 1,
    footers: 0,
    transferLines: [1],
    rejectLines: [2],
  },
  {
    file: "mt940-kz-halyk.txt",
    kind: "statement",
    format: "mt940",
    variant: "MT940",
    encoding: "utf8",
    rowsRead: 3,
    accepted: 2,
    duplicates: 0,
    rejected: 1,
    footers: 0,
    transferLines: [1, 2],
    rejectLines: [3],
  },
  {
    file: "xlsx-kz-statement.xlsx",
    kind: "statement",
    format: "xlsx",
    variant: "xlsx",
    encoding: "xlsx",
    rowsRead: 5,
    accepted: 3,
    duplicates: 0,
    rejected: 1,
    footers: 1,
    transferLines: [8, 9, 10],
    rejectLines: [11],
  },
  {
    file: "xlsx-en-register.xlsx",
    kind: "register",
    format: "xlsx",
    variant: "xlsx",
    encoding: "xlsx",
    rowsRead: 4,
    accepted: 3,
    duplicates: 1,
    rejected: 0,
    footers: 0,
    transferLines: [2, 3, 4, 5],
    rejectLines: [],
  },
];

export function exportFixture(name: string): string {
  return join(EXPORTS, name);
}
