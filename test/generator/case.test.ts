import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCase, type Truth } from "../../generator/index.js";
import { isValidIban, isValidIinBin } from "../../model/identifiers.js";
import { exitKeyOf, eventsOf, replay } from "./support/fifo-replay.js";
import { parseLocal, parseTiyn, readCase, type CaseData, type Transfer } from "./support/case-reader.js";

const HOUR = 3600_000;
let dir: string;
let truth: Truth;
let data: CaseData;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "mulegraph-gen-"));
  await generateCase({ out: dir, seed: 11, accounts: 400 });
  truth = JSON.parse(readFileSync(path.join(dir, "truth.json"), "utf8")) as Truth;
  data = readCase(path.join(dir, "exports"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("generated case: files", () => {
  it("reads every register, statement, session log, complaint register and watch-list with the FORMATS headers", () => {
    const kinds = new Set(
      data.files.map((f) => path.relative(path.join(dir, "exports"), f).split(path.sep)[0]),
    );
    expect([...kinds].sort()).toEqual(["complaints", "linkage", "registers", "statements", "watchlist.csv"]);
    expect(data.files.filter((f) => f.includes(`${path.sep}registers${path.sep}`))).toHaveLength(5);
    expect(data.statements.length).toBeGreaterThan(10);
    expect(data.conflicts).toEqual([]);
  });

  it("mixes cp1251, UTF-8 and UTF-8 with BOM, and Russian, Kazakh and English headers", () => {
    const encodings = new Set(data.tables.map((t) => t.encoding));
    expect([...encodings].sort()).toEqual(["cp1251", "utf8", "utf8bom"]);
    const heads = data.files.map((f) => readFileSync(f).subarray(0, 4000).toString("utf8"));
    expect(heads.some((h) => h.includes("Алушының шоты"))).toBe(true);
    expect(heads.some((h) => h.includes("Beneficiary account"))).toBe(true);
    // cp1251 files are not valid UTF-8, so their Russian headers only show after decoding.
    expect(data.tables.some((t) => t.encoding === "cp1251" && t.rows.length > 0)).toBe(true);
  });

  it("writes local times on both sides of 2024-03-01 and none in the ambiguous hour before it", () => {
    const ms = data.timestamps.map(parseLocal);
    const switchAt = Date.UTC(2024, 1, 29, 18);
    expect(ms.some((t) => t < switchAt)).toBe(true);
    expect(ms.some((t) => t > switchAt)).toBe(true);
    expect(data.timestamps.filter((s) => /^29\.02\.2024 23:|^2024-02-29 23:/.test(s))).toEqual([]);
  });

  it("uses valid IBAN check digits and IIN/BIN check digits everywhere", () => {
    const ibans = [...data.accounts].filter((k) => /^[A-Z]{2}\d{2}/.test(k));
    expect(ibans.length).toBeGreaterThan(300);
    expect(ibans.filter((k) => !isValidIban(k))).toEqual([]);
    const ids = new Set<string>();
    for (const t of data.transfers.values()) for (const id of [t.fromId, t.toId]) if (id) ids.add(id);
    for (const r of data.linkage) if (r.iin) ids.add(r.iin);
    expect(ids.size).toBeGreaterThan(300);
    expect([...ids].filter((id) => !isValidIinBin(id))).toEqual([]);
    expect([...data.accounts].some((k) => k.includes(":"))).toBe(true);
  });

  it("counts in truth match what the files contain", () => {
    expect(Object.keys(truth.accounts).sort()).toEqual([...data.accounts].sort());
    expect(truth.counts.accounts).toBe(data.accounts.size);
    expect(truth.counts.transfers).toBe(data.transfers.size);
    expect(truth.counts.withdrawals).toBe(data.withdrawals.size);
    expect(truth.counts.complaints).toBe(data.complaints.length);
    expect(truth.counts.watchlist).toBe(data.watchlist.size);
    expect(data.duplicateRows).toBeGreaterThan(0);
  });

  it("shows some transfers in the statements of both sides", () => {
    const seen = new Map<string, number>();
    for (const s of data.statements)
      for (const r of s.table.rows) seen.set(r.txId!, (seen.get(r.txId!) ?? 0) + 1);
    expect([...seen.values()].filter((n) => n === 2).length).toBeGreaterThan(10);
    for (const [txId] of seen) expect(data.transfers.has(txId) || data.withdrawals.has(txId)).toBe(true);
  });
});

describe("generated case: truth", () => {
  it("agrees with an independent FIFO replay of the registers for every complaint, to the tiyn", () => {
    const events = eventsOf(data);
    expect(Object.keys(truth.complaints).length).toBeGreaterThan(3);
    for (const [caseNo, c] of Object.entries(truth.complaints)) {
      const r = replay(events, new Set(c.seedTxIds));
      const asKzt = (m: Map<string, number>) =>
        Object.fromEntries([...m].map(([k, v]) => [k, v / 100]).sort());
      expect({ caseNo, exits: asKzt(r.exits), holding: asKzt(r.holding) }).toEqual({
        caseNo,
        exits: Object.fromEntries(Object.entries(c.exitsKzt).sort()),
        holding: Object.fromEntries(Object.entries(c.holdingKzt).sort()),
      });
      const traced = [...r.exits.values(), ...r.holding.values()].reduce((s, v) => s + v, 0);
      expect(traced).toBe(Math.round(c.stolenKzt * 100));
    }
  });

  it("lets only accounts with money from before the data pay out more than they received", () => {
    const { shortfall } = replay(eventsOf(data), new Set());
    const short = [...shortfall.keys()].filter((k) => !truth.accounts[k]!.openingBalance);
    expect(short).toEqual([]);
  });

  it("matches each complaint row with its victim's stolen transfers, reported 3 days to months later", () => {
    const victims = Object.values(truth.accounts).filter((a) => a.role === "victim").length;
    expect(data.complaints.length).toBeGreaterThan(0);
    expect(data.complaints.length).toBeLessThan(victims);
    for (const row of data.complaints) {
      const c = truth.complaints[row.caseNo!]!;
      expect(row.victimAccount).toBe(c.victimAccount);
      const seeds = c.seedTxIds.map((id) => data.transfers.get(id)!);
      expect(seeds.every((t) => t.from === c.victimAccount)).toBe(true);
      expect(seeds.every((t) => truth.accounts[t.to]!.role === "drop")).toBe(true);
      expect(parseTiyn(row.loss!)).toBe(seeds.reduce((s, t) => s + t.tiyn, 0));
      const lastSeed = Math.max(...seeds.map((t) => t.ts));
      // Registration is a date: between the stated calendar days after the last payment's local date.
      const delayDays = (parseLocal(row.registeredAt!) - lastSeed) / (24 * HOUR);
      expect(delayDays).toBeGreaterThan(truth.planted.complaintDelayDays[0] - 1);
      expect(delayDays).toBeLessThanOrEqual(truth.planted.complaintDelayDays[1]);
      expect(parseLocal(row.incidentAt!)).toBeLessThanOrEqual(Math.min(...seeds.map((t) => t.ts)));
    }
  });
});

describe("generated case: planted rings", () => {
  const ringIn = (ring: Truth["rings"][string], m: string) =>
    [...data.transfers.values()].filter(
      (t) => t.to === m && (ring.members.includes(t.from) || ring.victims.includes(t.from)),
    );
  /** What a member passes on: to ring members, and for hubs also to exits (an unlisted P2P trader included). */
  const ringOut = (ring: Truth["rings"][string], m: string, hub: boolean) => [
    ...[...data.transfers.values()].filter(
      (t) =>
        t.from === m &&
        (ring.members.includes(t.to) ||
          (hub && (exitKeyOf(t, data.watchlist) !== null || truth.accounts[t.to]!.role === "exit"))),
    ),
    ...(hub ? [...data.withdrawals.values()].filter((w) => w.from === m && w.country !== "KZ") : []),
  ];

  it("plants at least two rings with 2-4 hops from victims to the cash-out", () => {
    const rings = Object.values(truth.rings);
    expect(rings.length).toBeGreaterThanOrEqual(2);
    for (const r of rings) {
      expect(r.depth).toBeGreaterThanOrEqual(2);
      expect(r.depth).toBeLessThanOrEqual(4);
      expect(r.victims.length).toBeGreaterThan(0);
      expect(r.hubs.length).toBeGreaterThan(0);
      expect(r.exits.length).toBeGreaterThan(0);
    }
  });

  it("makes every drop and hub keep 5-10% and pass on the rest within the stated time", () => {
    const within = truth.planted.forwardWithinHours * HOUR;
    const problems: string[] = [];
    let checked = 0;
    for (const ring of Object.values(truth.rings)) {
      for (const m of [...ring.drops, ...ring.hubs]) {
        const hub = ring.hubs.includes(m);
        const ins = ringIn(ring, m);
        const outs = ringOut(ring, m, hub);
        const sumIn = ins.reduce((s, t) => s + t.tiyn, 0);
        const sumOut = outs.reduce((s, t) => s + t.tiyn, 0);
        const kept = 1 - sumOut / sumIn;
        if (!(kept >= truth.planted.retentionMin && kept <= truth.planted.retentionMax))
          problems.push(`${m} kept ${kept.toFixed(4)} of ${sumIn / 100} KZT`);
        for (const o of outs) {
          const before = ins.filter((i) => i.ts < o.ts).map((i) => i.ts);
          if (before.length === 0 || o.ts - Math.max(...before) > within)
            problems.push(`${m}: ${o.txId} forwards nothing recent`);
        }
        for (const i of ins)
          if (!outs.some((o) => o.ts > i.ts && o.ts - i.ts <= within))
            problems.push(`${m}: ${i.txId} is not passed on`);
        checked++;
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(5);
  });

  it("has hubs that gather from drops and pay exits and the organiser", () => {
    let gathering = 0;
    for (const ring of Object.values(truth.rings)) {
      for (const h of ring.hubs) {
        const senders = new Set(ringIn(ring, h).map((t) => t.from));
        expect([...senders].every((s) => ring.drops.includes(s))).toBe(true);
        if (senders.size >= 2) gathering++;
      }
      const toOrganiser = [...data.transfers.values()].filter(
        (t) => ring.hubs.includes(t.from) && ring.organisers.includes(t.to),
      );
      expect(toOrganiser.length).toBeGreaterThan(0);
    }
    expect(gathering).toBeGreaterThan(0);
  });

  it("ties every ring member to another member by a shared device, phone or IP in the session logs", () => {
    const ids = new Map<string, Set<string>>();
    for (const r of data.linkage) {
      let s = ids.get(r.account!);
      if (!s) ids.set(r.account!, (s = new Set()));
      if (r.deviceId) s.add(`d:${r.deviceId}`);
      if (r.ip) s.add(`ip:${r.ip}`);
      if (r.phone) s.add(`p:${r.phone.replace(/\D/g, "").slice(-10)}`);
    }
    for (const ring of Object.values(truth.rings)) {
      for (const m of ring.members) {
        const mine = ids.get(m) ?? new Set();
        const shared = ring.members.some((o) => o !== m && [...(ids.get(o) ?? [])].some((x) => mine.has(x)));
        expect({ m, shared }).toEqual({ m, shared: true });
      }
    }
  });

  it("sends stolen money out through exits of every kind across the rings", () => {
    const exitKeys = new Set(Object.values(truth.rings).flatMap((r) => r.exits));
    const keyKinds = [...exitKeys].map((k) =>
      /^T[1-9A-HJ-NP-Za-km-z]{33}$|^0x|^[13]/.test(k)
        ? "wallet"
        : data.watchlist.has(k)
          ? "watchlist"
          : k.startsWith("KZ")
            ? "atm-or-kz"
            : "foreign-or-atm",
    );
    expect(new Set(keyKinds).size).toBeGreaterThanOrEqual(2);
  });
});

describe("generated case: hard negatives", () => {
  const transfers = () => [...data.transfers.values()];
  const role = (k: string) => truth.accounts[k]!;

  it("plants payroll accounts that pay many people at once and are ordinary", () => {
    const byMinute = new Map<string, Set<string>>();
    for (const t of transfers()) {
      if (role(t.from).hardNegativeKind !== "payroll") continue;
      const k = `${t.from}@${Math.floor(t.ts / 60000)}`;
      if (!byMinute.has(k)) byMinute.set(k, new Set());
      byMinute.get(k)!.add(t.to);
    }
    expect(Math.max(...[...byMinute.values()].map((s) => s.size))).toBeGreaterThanOrEqual(5);
    expect(
      Object.values(truth.accounts)
        .filter((a) => a.hardNegativeKind === "payroll")
        .every((a) => a.role === "ordinary"),
    ).toBe(true);
  });

  it("plants merchants with high fan-in", () => {
    const senders = new Map<string, Set<string>>();
    for (const t of transfers()) {
      if (role(t.to).hardNegativeKind !== "merchant" && role(t.to).hardNegativeKind !== "utility") continue;
      if (!senders.has(t.to)) senders.set(t.to, new Set());
      senders.get(t.to)!.add(t.from);
    }
    expect(Math.max(...[...senders.values()].map((s) => s.size))).toBeGreaterThanOrEqual(20);
  });

  it("plants people who pass most of their salary on to their own account at another bank within hours", () => {
    // Same IIN on both sides, and not a sole proprietor's business account (those print "ИП …").
    const own = transfers().filter((t) => t.fromId && t.fromId === t.toId && !t.toName.startsWith("ИП "));
    expect(own.length).toBeGreaterThan(0);
    const passThrough = own.filter((o) => {
      const inflow = transfers().filter(
        (t: Transfer) => t.to === o.from && t.ts < o.ts && o.ts - t.ts <= 6 * HOUR,
      );
      return inflow.some((t) => o.tiyn >= 0.8 * t.tiyn);
    });
    expect(passThrough.length).toBeGreaterThan(0);
    for (const o of own) {
      expect(role(o.from)).toMatchObject({ role: "ordinary", hardNegative: true });
      // The receiving account may later be scammed; it is never a ring account.
      expect(["ordinary", "victim"]).toContain(role(o.to).role);
    }
  });

  it("plants innocent payers of listed exchanges and innocent cash withdrawals abroad", () => {
    const payers = transfers().filter((t) => data.watchlist.has(t.to) && role(t.from).role === "ordinary");
    expect(payers.length).toBeGreaterThan(0);
    const abroad = [...data.withdrawals.values()].filter(
      (w) => w.country !== "KZ" && role(w.from).role === "ordinary",
    );
    expect(abroad.length).toBeGreaterThan(0);
  });
});
