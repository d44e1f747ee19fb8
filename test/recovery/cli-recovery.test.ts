/**
 * `mulegraph recovery` through the real CLI (bin/mulegraph.js) on a real embedded store holding the seeded known
 * case (test/api/seed.fixtures.ts): triage as JSON and CSV, a request built with its files written and their hashes
 * matching, a bank's answer imported, and the statuses listed. The triage's text report on a hand-made triage.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderTriage } from "../../cli/commands/recovery.js";
import type { FreezeRequestSummary, Triage, TriageHolding } from "../../model/recovery.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import { seedKnownCase } from "../api/seed.fixtures.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "mulegraph-recovery-cli-"));
const dataDir = path.join(tmp, "data");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, "bin/mulegraph.js"), ...args, "--data-dir", dataDir], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NEO4J_URI: "" },
  });
}

describe("mulegraph recovery", () => {
  let triage: Triage;
  beforeAll(async () => {
    const store = await openEmbeddedStore({ dataDir });
    await seedKnownCase(store);
    await store.close();
  });

  it("prints the triage as JSON and writes it as CSV", () => {
    const csv = path.join(tmp, "triage.csv");
    const r = cli("recovery", "triage", "--json", "--csv", csv);
    expect(r.status, r.stderr).toBe(0);
    triage = JSON.parse(r.stdout) as Triage;
    expect(triage.holdings.length).toBeGreaterThan(0);
    expect(readFileSync(csv, "utf8")).toContain(triage.holdings[0]!.account);
  });

  it("builds a request, writes its files with the hashes it prints, and imports the bank's answer", () => {
    const out = path.join(tmp, "requests");
    const account = triage.holdings[0]!.account;
    const built = cli("recovery", "request", "--account", account, "--out", out, "--json");
    expect(built.status, built.stderr).toBe(0);
    const [req] = (JSON.parse(built.stdout) as { requests: FreezeRequestSummary[] }).requests;
    for (const f of req!.files) {
      expect(
        createHash("sha256")
          .update(readFileSync(path.join(out, f.name)))
          .digest("hex"),
      ).toBe(f.sha256);
    }
    // The bank fills in the request's own CSV.
    const form = readFileSync(path.join(out, `${req!.id}.csv`), "utf8")
      .trimEnd()
      .split("\r\n");
    const answer = path.join(tmp, "answer.csv");
    writeFileSync(answer, [form[0], form[1]!.replace(/,,,$/, ",refused,,account closed")].join("\r\n"));
    const imported = cli("recovery", "answer", req!.id, answer);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("refused (account closed)");
    const listed = cli("recovery", "list", "--json");
    const [after] = (JSON.parse(listed.stdout) as { requests: FreezeRequestSummary[] }).requests;
    expect(after!.items[0]).toMatchObject({
      account,
      status: "refused",
      reason: "account closed",
      by: "cli",
    });
  });

  it("names an account that holds nothing traced, and a missing sub-command", () => {
    const r = cli("recovery", "request", "--account", "KZ000000000000000000", "--out", tmp);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("KZ000000000000000000");
    expect(cli("recovery").status).toBe(2);
  });
});

describe("the triage's text report", () => {
  const holding = (account: string, amountKzt: number, heldKzt: number): TriageHolding => ({
    account,
    bank: "CASPKZKA",
    amountKzt,
    heldKzt,
    overlapKzt: amountKzt - heldKzt,
    since: Date.UTC(2024, 4, 1),
    lastMovementAt: Date.UTC(2024, 4, 2),
    complaints: [
      { caseNo: "C-1", amountKzt: heldKzt },
      ...(amountKzt > heldKzt ? [{ caseNo: "C-2", amountKzt: amountKzt - heldKzt }] : []),
    ],
    txIds: ["T1"],
    freezes: [],
  });
  const triage: Triage = {
    asOf: Date.UTC(2024, 5, 1),
    currencies: [],
    holdings: [holding("KZ-OVERLAP", 150_000, 120_000), holding("KZ-PLAIN", 7_000.5, 7_000.5)],
    complaints: [],
    totalHoldingKzt: 157_000.5,
    totalHeldKzt: 127_000.5,
  };

  it("shows the money each account holds, what freeze requests ask for, and the complaints' overlap beside it", () => {
    const text = renderTriage(triage);
    expect(text[0]).toContain("2 accounts hold 127 000.50 KZT");
    expect(text[0]).toContain("add up to 157 000.50 KZT: 30 000.00 KZT is more than one complaint's money");
    expect(text[2]).toMatch(/held KZT\s+overlap/);
    const overlapping = text.find((l) => l.startsWith("KZ-OVERLAP"))!;
    expect(overlapping).toMatch(/120 000\.00\s+30 000\.00/);
    expect(overlapping).not.toContain("150 000.00");
    const plain = text.find((l) => l.startsWith("KZ-PLAIN"))!;
    expect(plain).toMatch(/7 000\.50\s+\d{2}\./);
  });
});
