/**
 * Triage, freeze requests and their outcomes on a small generated case (seed 7, 800 accounts; see
 * test/analytics/trace/generated-case.fixtures.ts) in a real embedded store: the triage lists exactly the accounts
 * truth.json says hold stolen money, with truth's amounts; requests are built one per bank, hashed, stored and
 * audited; a bank's answer moves statuses and the complaints' frozen and returned totals.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Triage } from "../../model/recovery.js";
import { verifyChain } from "../../server/audit/index.js";
import {
  buildFreezeRequests,
  buildTriage,
  getRequest,
  importBankAnswer,
  listRequests,
  recordOutcomes,
  RecoveryValidationError,
  triageCsv,
} from "../../server/recovery/index.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import type { GraphStore } from "../../server/store/types.js";
import { ingestInto, makeSmallCase, type SmallCase } from "../analytics/trace/generated-case.fixtures.js";

describe("recovery on a generated case", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-recovery-case-"));
  let store: GraphStore;
  let c: SmallCase;
  let triage: Triage;

  beforeAll(async () => {
    c = await makeSmallCase(path.join(root, "case"));
    store = await openEmbeddedStore({ dataDir: path.join(root, "data") });
    await ingestInto(store, c);
    triage = await buildTriage(store);
  }, 300_000);
  afterAll(async () => {
    await store?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("lists exactly the accounts truth says still hold stolen money, with truth's amounts", () => {
    const truth = new Map<string, number>();
    for (const t of Object.values(c.truth.complaints)) {
      for (const [account, kzt] of Object.entries(t.holdingKzt))
        truth.set(account, (truth.get(account) ?? 0) + kzt);
    }
    // The trace drops holdings below its 1 KZT minimum: truth's smaller crumbs are not on any list.
    const expected = [...truth].filter(([, kzt]) => kzt >= 1);
    expect(expected.length).toBeGreaterThan(3);
    expect(triage.holdings.map((h) => h.account).sort()).toEqual(expected.map(([a]) => a).sort());
    for (const [account, kzt] of expected) {
      const h = triage.holdings.find((x) => x.account === account)!;
      expect(Math.abs(h.amountKzt - kzt), account).toBeLessThanOrEqual(Math.max(0.01, 0.01 * kzt));
    }
  });

  it("gives every holding its bank, since, last movement and the complaints feeding it with their report lag", () => {
    for (const h of triage.holdings) {
      expect(h.bank, h.account).toBe(c.truth.accounts[h.account]?.bank);
      expect(h.lastMovementAt!).toBeGreaterThanOrEqual(h.since);
      expect(h.lastMovementAt!).toBeLessThanOrEqual(triage.asOf);
      expect(h.complaints.length).toBeGreaterThan(0);
      for (const f of h.complaints) {
        const t = c.truth.complaints[f.caseNo]!;
        expect(f.reportLagMs).toBe(t.registeredAt - t.incidentAt);
        expect(f.amountKzt).toBeCloseTo(t.holdingKzt[h.account] ?? 0, 1);
      }
    }
  });

  it("gives every complaint its recoverable share", () => {
    expect(triage.complaints.map((x) => x.caseNo).sort()).toEqual(Object.keys(c.truth.complaints).sort());
    for (const x of triage.complaints) {
      const t = c.truth.complaints[x.caseNo]!;
      const held = Object.values(t.holdingKzt).reduce((s, v) => s + v, 0);
      expect(x.recoverableShare).toBeCloseTo(held / t.stolenKzt, 2);
      expect(x.holdingKzt + x.exitsKzt + x.untracedKzt).toBeCloseTo(x.tracedKzt, 1);
    }
  });

  it("exports the triage as CSV, one row per holding account", () => {
    const lines = triageCsv(triage).trim().split("\r\n");
    expect(lines[0]).toContain("account,bank,amount_kzt");
    expect(lines).toHaveLength(triage.holdings.length + 1);
  });

  it("builds one request per bank, hashes and stores its files, and audits it", async () => {
    const banks = [...new Set(triage.holdings.map((h) => h.bank))];
    expect(banks.length).toBeGreaterThanOrEqual(2);
    const chosen = banks.slice(0, 2).map((b) => triage.holdings.find((h) => h.bank === b)!);
    const built = await buildFreezeRequests(store, { accounts: chosen.map((h) => h.account), by: "ivan" });
    expect(built.map((r) => r.bank).sort()).toEqual(chosen.map((h) => h.bank).sort());
    for (const r of built) {
      expect(r.id).toMatch(/^FR-\d{4}-\d{4}$/);
      expect(r.items.map((i) => i.status)).toEqual(r.items.map(() => "drafted"));
      for (const f of r.files) {
        const bytes = (await store.freezeRequestContent(r.id, f.name))!;
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(f.sha256);
        expect(bytes.length).toBe(f.bytes);
      }
      const json = JSON.parse(
        new TextDecoder().decode((await store.freezeRequestContent(r.id, `${r.id}.json`))!),
      );
      expect(json.requestNumber).toBe(r.id);
      expect(json.transactions.length).toBeGreaterThan(0);
      expect(r.files.find((f) => f.name.endsWith(".json"))!.sha256).toBe(r.sha256);
    }
    expect(new Set(built.map((r) => r.id)).size).toBe(2);
    const trail = await store.auditEntries({});
    expect(
      trail
        .filter((e) => e.action === "recovery.request")
        .map((e) => e.target)
        .sort(),
    ).toEqual(built.map((r) => r.id).sort());
    expect((await verifyChain(store)).ok).toBe(true);
  });

  it("refuses to ask for an account that holds no traced money", async () => {
    const victim = Object.values(c.truth.complaints)[0]!.victimAccount;
    await expect(buildFreezeRequests(store, { accounts: [victim], by: "ivan" })).rejects.toBeInstanceOf(
      RecoveryValidationError,
    );
  });

  it("imports a bank's answer and shows frozen and returned money on the complaints", async () => {
    const [r] = await listRequests(store);
    const item = r!.items[0]!;
    const frozen = Math.round(item.requestedKzt * 50) / 100;
    const answer = `account;status;amount_kzt;reason\n${item.account};заморожено;${String(frozen).replace(".", ",")};ref 1\n`;
    const after = await importBankAnswer(store, r!.id, answer, "ivan");
    expect(after.items.find((i) => i.account === item.account)).toMatchObject({
      status: "frozen",
      frozenKzt: frozen,
    });
    await recordOutcomes(
      store,
      r!.id,
      [{ account: item.account, status: "returned", amountKzt: frozen }],
      "ivan",
    );
    await expect(
      recordOutcomes(store, r!.id, [{ account: item.account, status: "returned", amountKzt: 1 }], "ivan"),
    ).rejects.toBeInstanceOf(RecoveryValidationError);
    const now = await getRequest(store, r!.id);
    expect(now.items.find((i) => i.account === item.account)).toMatchObject({
      status: "returned",
      returnedKzt: frozen,
      frozenKzt: 0,
    });
    const t = await buildTriage(store);
    const returned = t.complaints.reduce((s, x) => s + x.returnedKzt, 0);
    expect(returned).toBeCloseTo(frozen, 1);
    expect(t.holdings.find((h) => h.account === item.account)!.freezes[0]!.status).toBe("returned");
  });
});
