/**
 * Fixture helpers for the ingest tests: paths of the checked-in fixtures (test/fixtures/ingest/README.md says where
 * their shapes come from), writing a fixture in another encoding (Windows-1251 with CRLF, as older bank systems
 * export it) into a temp folder, and collecting emitted records.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import type { CanonicalRecord } from "../../model/records.js";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "ingest");

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** A fresh temp folder for one test file. */
export function tempDir(prefix = "mulegraph-ingest-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write UTF-8 text as Windows-1251 with CRLF line ends. */
export function writeCp1251(path: string, text: string): string {
  writeFileSync(path, iconv.encode(text.replace(/\r?\n/g, "\r\n"), "win1251"));
  return path;
}

/** The Kaspi statement fixture as the bank exports it: Windows-1251, CRLF. */
export function kaspiStatement(dir: string): string {
  return writeCp1251(
    join(dir, "kaspi-statement.csv"),
    readFileSync(fixture("statement-kaspi.cp1251-source.csv"), "utf8"),
  );
}

/** Collects every record passed to onBatch, and the batch sizes. */
export function collector(): {
  records: CanonicalRecord[];
  batches: number[];
  onBatch: (r: CanonicalRecord[]) => Promise<void>;
} {
  const records: CanonicalRecord[] = [];
  const batches: number[] = [];
  return {
    records,
    batches,
    onBatch: async (r) => {
      batches.push(r.length);
      records.push(...r);
    },
  };
}

/** Records of one kind, typed. */
export function ofKind<K extends CanonicalRecord["kind"]>(
  records: CanonicalRecord[],
  kind: K,
): Extract<CanonicalRecord, { kind: K }>[] {
  return records.filter((r): r is Extract<CanonicalRecord, { kind: K }> => r.kind === kind);
}
