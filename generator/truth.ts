/**
 * Assembles truth.json: every account the files mention with its planted role, the rings, the complaints with
 * their FIFO allocation, and counts that ingest and the stores can be compared with. It only describes things the
 * data shows: roles of accounts that transact, rings by their active members, complaints that were registered.
 */
import { BANKS } from "./banks.js";
import type { Cast, Victim } from "./cast.js";
import type { ComplaintOut, ExportLedger } from "./exports.js";
import type { FifoResult } from "./fifo.js";
import type { LinkageRow } from "./linkage.js";
import { FORWARD_WITHIN_HOURS } from "./rings.js";
import type { Truth, TruthAccount, TruthComplaint, TruthRing } from "./types.js";
import type { World } from "./world.js";

export const GENERATOR_VERSION = 1;

const kzt = (tiyn: number) => Math.round(tiyn) / 100;

export interface TruthInput {
  world: World;
  cast: Cast;
  exported: ExportLedger;
  fifo: FifoResult;
  complaints: { out: ComplaintOut; victim: Victim }[];
  exitKey: (row: number) => string | null;
  linkage: Map<number, LinkageRow[]>;
  params: Truth["generator"];
  period: { from: number; to: number };
}

export function buildTruth(input: TruthInput): Truth {
  const { world, cast, exported, fifo } = input;
  const key = (acc: number) => world.accounts[acc]!.key;
  const L = world.ledger;

  // Which rings' money each exit received, and each ring's exit keys.
  const exitRings = new Map<number, Set<number>>();
  const ringExits = cast.rings.map(() => new Set<string>());
  const hubRing = new Map<number, number>();
  cast.rings.forEach((ring, r) => ring.members.forEach((m) => m.hub && hubRing.set(m.account, r)));
  for (let i = 0; i < L.length; i++) {
    const r = hubRing.get(L.from[i]!);
    if (r === undefined) continue;
    const k = input.exitKey(i);
    if (k === null) continue;
    ringExits[r]!.add(k);
    const to = L.to[i]!;
    if (to >= 0) {
      let s = exitRings.get(to);
      if (!s) exitRings.set(to, (s = new Set()));
      s.add(r);
    }
  }
  const victimByAccount = new Map<number, Victim>();
  for (const v of cast.victims) if (v.seeds.length > 0) victimByAccount.set(v.account, v);

  const accounts: Record<string, TruthAccount> = {};
  world.accounts.forEach((a, acc) => {
    if (!exported.seenAccounts[acc]) return;
    const t: TruthAccount = {
      role: a.role,
      ring: a.ring >= 0 ? cast.rings[a.ring]!.id : null,
      hardNegative: a.hardNegative !== null && a.role === "ordinary",
      bank: BANKS[a.bank]!.bic,
    };
    if (t.hardNegative) t.hardNegativeKind = a.hardNegative!;
    const v = victimByAccount.get(acc);
    if (v) {
      t.scheme = v.scheme;
      t.rings = [cast.rings[v.ring]!.id];
    }
    const er = exitRings.get(acc);
    if (er && a.role === "exit") t.rings = [...er].sort((x, y) => x - y).map((r) => cast.rings[r]!.id);
    if (a.openingBalance) t.openingBalance = true;
    accounts[a.key] = t;
  });

  const rings: Record<string, TruthRing> = {};
  const identifiers = identifiersByAccount(input.linkage);
  cast.rings.forEach((ring, r) => {
    const active = ring.members.filter((m) => m.received > 0 && exported.seenAccounts[m.account]);
    if (active.length === 0) return;
    const organisers = exported.seenAccounts[ring.organiser] ? [key(ring.organiser)] : [];
    const layers: string[][] = [];
    for (let l = 0; l < ring.depth; l++)
      layers.push(active.filter((m) => m.layer === l).map((m) => key(m.account)));
    const usedIdentifiers = new Set<string>();
    for (const k of [...organisers, ...active.map((m) => key(m.account))])
      for (const id of identifiers.get(k) ?? []) usedIdentifiers.add(id);
    rings[ring.id] = {
      members: [...organisers, ...active.map((m) => key(m.account))],
      organisers,
      hubs: active.filter((m) => m.hub).map((m) => key(m.account)),
      drops: active.filter((m) => !m.hub).map((m) => key(m.account)),
      depth: ring.depth,
      layers,
      victims: cast.victims.filter((v) => v.ring === r && v.seeds.length > 0).map((v) => key(v.account)),
      exits: [...ringExits[r]!].sort(),
      devices: ring.devices.filter((d) => usedIdentifiers.has(d)),
      phones: ring.phones.filter((p) => usedIdentifiers.has(p)),
      ips: ring.ips.filter((ip) => usedIdentifiers.has(ip)),
      retention: Object.fromEntries(
        active.map((m) => [key(m.account), Math.round(m.retention * 10000) / 10000]),
      ),
    };
  });

  const complaints: Record<string, TruthComplaint> = {};
  input.complaints.forEach(({ out, victim }, c) => {
    const exits = [...fifo.exits[c]!].sort((x, y) => (x[0] < y[0] ? -1 : 1));
    const holding = [...fifo.holding[c]!]
      .map(([acc, v]) => [key(acc), v] as const)
      .sort((x, y) => (x[0] < y[0] ? -1 : 1));
    complaints[out.caseNo] = {
      victimAccount: key(out.victimAccount),
      stolenKzt: kzt(out.lossTiyn),
      exitsKzt: Object.fromEntries(exits.map(([k, v]) => [k, kzt(v)])),
      holdingKzt: Object.fromEntries(holding.map(([k, v]) => [k, kzt(v)])),
      seedTxIds: victim.seeds.map((row) => world.txId(row)),
      scheme: victim.scheme,
      ring: cast.rings[victim.ring]!.id,
      incidentAt: out.incidentAt * 1000,
      registeredAt: out.registeredAt * 1000,
    };
  });

  let transfers = 0;
  let withdrawals = 0;
  for (let i = 0; i < L.length; i++)
    if (L.to[i]! < 0) withdrawals++;
    else transfers++;
  let persons = 0;
  let companies = exported.soleProprietors.size;
  for (const id of exported.ids) {
    // The fifth digit of an IIN is a day's tens (0–3); a BIN has its entity type (4–6) there.
    if (id.charCodeAt(4) - 48 >= 4) companies++;
    else persons++;
  }
  return {
    generator: input.params,
    planted: {
      retentionMin: 0.05,
      retentionMax: 0.1,
      forwardWithinHours: FORWARD_WITHIN_HOURS,
      complaintDelayDays: [3, 120],
    },
    period: { from: input.period.from * 1000, to: input.period.to * 1000 },
    counts: {
      accounts: Object.keys(accounts).length,
      transfers,
      withdrawals,
      complaints: input.complaints.length,
      persons,
      companies,
      cards: exported.cards.size,
      rings: Object.keys(rings).length,
      victims: victimByAccount.size,
      watchlist: world.accounts.filter((a) => a.watchlist).length,
      statements: exported.files.filter((f) => f.kind === "statement").length,
      registerRows: exported.registerRows,
      statementRows: exported.statementRows,
      linkageRows: exported.linkageRows,
      files: exported.files.length,
    },
    accounts,
    rings,
    complaints,
    files: exported.files,
  };
}

/** Phones, devices and IPs each account used in the session logs. */
function identifiersByAccount(linkage: Map<number, LinkageRow[]>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const rows of linkage.values())
    for (const r of rows) {
      let s = out.get(r.account);
      if (!s) out.set(r.account, (s = new Set()));
      if (r.deviceId) s.add(r.deviceId);
      if (r.ip) s.add(r.ip);
      if (r.phone) s.add(r.phone);
    }
  return out;
}
