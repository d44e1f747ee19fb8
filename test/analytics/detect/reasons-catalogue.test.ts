/**
 * The client's catalogue of detection reasons (client/src/i18n/reasons.ts) against what detection really writes:
 * small generated cases of both worlds (the Kazakh world with complaints, identifiers and exits; the AML world's one
 * bank register in USD; docs/GENERATOR.md) go through the real ingest and detection, and every reason of every
 * account and cluster must be one the catalogue recognises. A new server template without an entry fails here.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localizeReason, recognised } from "../../../client/src/i18n/reasons.js";
import type { AnalysisResult } from "../../../model/analysis.js";
import { runAnalysis } from "../../../server/analytics/detect/index.js";
import { openCaseStore, prepareCase } from "./generated-case.js";

const CASES = [
  { name: "the Kazakh world", seed: 7, accounts: 3000, world: "kazakh" as const },
  { name: "the AML world", seed: 5, accounts: 3000, world: "aml" as const },
];

const dirs: string[] = [];
const reasons = new Map<string, string[]>();

beforeAll(async () => {
  for (const c of CASES) {
    const dir = mkdtempSync(path.join(tmpdir(), "mulegraph-reasons-"));
    dirs.push(dir);
    const prepared = await prepareCase(dir, c.seed, c.accounts, { world: c.world });
    const store = await openCaseStore(prepared);
    let result: AnalysisResult;
    try {
      result = await runAnalysis(store, { seed: 1 });
    } finally {
      await store.close();
    }
    const all = [...result.accounts.flatMap((a) => a.reasons), ...result.clusters.flatMap((k) => k.reasons)];
    reasons.set(c.name, [...new Set(all)]);
  }
}, 300_000);

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("detection's reasons in the client's catalogue", () => {
  for (const c of CASES) {
    it(`recognises every reason detection writes on ${c.name}`, () => {
      const list = reasons.get(c.name) ?? [];
      expect(list.length).toBeGreaterThan(20);
      expect(list.filter((r) => !recognised(r))).toEqual([]);
    });

    it(`writes every reason of ${c.name} in Russian and Kazakh without English words left`, () => {
      for (const r of reasons.get(c.name) ?? []) {
        for (const lang of ["ru", "kk"] as const) {
          const shown = localizeReason(r, lang);
          expect(shown.lang).toBe(lang);
          // Account keys, identifiers (any token with a digit) and currency codes stay as written; the template's
          // words do not.
          const words = shown.text
            .replace(/[^\s,()]*\d[^\s,()]*|[A-Z][A-Za-z0-9_:./-]*/g, " ")
            .match(/\b[a-z]{3,}\b/g);
          expect(words ?? [], `${lang}: ${shown.text}`).toEqual([]);
        }
      }
    });
  }
});

describe("localizeReason", () => {
  it("writes a reason's amounts, durations and counts in the language's forms", () => {
    const r = "received 3 transfers (1 250 000 KZT) from 2 reported victims within 5 h (case 12, case 13)";
    expect(localizeReason(r, "ru").text).toBe(
      "получил 3 перевода (1\u00a0250\u00a0000 ₸) от 2 заявленных жертв за 5 ч (дело 12, дело 13)",
    );
    expect(localizeReason(r, "kk").text).toContain("1\u00a0250\u00a0000 ₸");
  });

  it("leaves text no template matches in English, marked as English", () => {
    expect(localizeReason("something detection never said", "ru")).toEqual({
      text: "something detection never said",
      lang: "en",
    });
  });
});
