import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCase, type Truth } from "../../generator/index.js";
import { ingestFiles, type IngestSummary } from "../../ingest/index.js";
import type { CanonicalRecord } from "../../model/records.js";
import { readCase } from "./support/case-reader.js";

let dir: string;
let truth: Truth;
let summary: IngestSummary;
const records: CanonicalRecord[] = [];

function walk(d: string, out: string[] = []): string[] {
  for (const f of readdirSync(d).sort()) {
    const p = path.join(d, f);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "mulegraph-ing-"));
  await generateCase({ out: dir, seed: 3, accounts: 500 });
  truth = JSON.parse(readFileSync(path.join(dir, "truth.json"), "utf8")) as Truth;
  summary = await ingestFiles(walk(path.join(dir, "exports")), {
    onBatch: async (batch) => {
      records.push(...batch);
    },
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a generated case through the ingest pipeline", () => {
  it("ingests with zero rejects, every file recognised as the kind it was written as", () => {
    expect(summary.totals.rejected).toBe(0);
    const kindOf = new Map(truth.files.map((f) => [f.name, f.kind]));
    for (const f of summary.files)
      expect(f.kind).toBe(kindOf.get(path.relative(path.join(dir, "exports"), f.file)));
    expect(summary.files).toHaveLength(truth.counts.files);
  });

  it("yields the accounts, transfers, withdrawals, complaints, persons, companies and cards that truth counts", () => {
    const keys = (kind: string, k: (r: never) => string) =>
      new Set(records.filter((r) => r.kind === kind).map((r) => k(r as never)));
    const accounts = keys("account", (r: { key: string }) => r.key);
    expect([...accounts].sort()).toEqual(Object.keys(truth.accounts).sort());
    expect(keys("transfer", (r: { txId: string }) => r.txId).size).toBe(truth.counts.transfers);
    expect(keys("withdrawal", (r: { txId: string }) => r.txId).size).toBe(truth.counts.withdrawals);
    expect(keys("complaint", (r: { caseNo: string }) => r.caseNo).size).toBe(truth.counts.complaints);
    expect(keys("person", (r: { iin: string }) => r.iin).size).toBe(truth.counts.persons);
    expect(keys("company", (r: { bin: string }) => r.bin).size).toBe(truth.counts.companies);
    expect(keys("card", (r: { cardId: string }) => r.cardId).size).toBe(truth.counts.cards);
  });

  it("reads the same instants and amounts as an independent parse of the registers", () => {
    const data = readCase(path.join(dir, "exports"));
    let checked = 0;
    const mismatches: string[] = [];
    for (const r of records) {
      if (r.kind !== "transfer") continue;
      const t = data.transfers.get(r.txId);
      checked++;
      if (!t || t.ts !== r.ts || t.tiyn / 100 !== r.amountKzt || t.from !== r.from || t.to !== r.to)
        mismatches.push(`${r.txId}: ingest ${r.from}→${r.to} ${r.ts} ${r.amountKzt}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(truth.counts.transfers);
  });
});
