/**
 * From communities to ranked clusters: each community of at least minClusterSize suspects becomes a cluster with a
 * score (0–100), a rank and the evidence behind the score in plain words. Victims join the cluster they paid most;
 * exits stay outside (they serve many rings).
 */
import type { ClusterAnalysis } from "../../../model/analysis.js";
import type { AccountRole } from "../../../model/graph.js";
import { cashOut, cashOutWords, type CashOutKind, type ExitKind } from "./exits.js";
import { count, duration, listSome, pct, scoreOf } from "./format.js";
import type { IdentifierIndex } from "./identifiers.js";
import type { IndexedProjection } from "./indexed.js";
import type { Pairs } from "./pairs.js";
import type { PassThroughStats } from "./pass-through.js";

export interface ClusterInput {
  ix: IndexedProjection;
  pt: PassThroughStats;
  pairs: Pairs;
  role: AccountRole[];
  score: Float64Array;
  exitKinds: (ExitKind | null)[];
  sinks: Set<number>;
  homeCountry: string | null;
  ids: IdentifierIndex;
  controller: Map<number, number>;
  reportedVictims: Map<number, string[]>;
  community: Map<number, number>;
  minClusterSize: number;
  /** Typologies per account (typology-roles.ts typologiesByAccount). */
  typologyOf: Map<number, string[]>;
  /** An amount (in the projection's KZT) in the data's own currency, for reasons (typologies/words.ts moneyIn). */
  money: (kzt: number) => string;
}

export interface ClusterOutput {
  clusters: ClusterAnalysis[];
  /** Cluster id per account (members and the victims attached to them). */
  clusterOf: Map<number, string>;
  /** Same-controller components whose members Louvain put in more than one cluster. */
  controllerSplits: number;
  controllerComponents: number;
}

interface Draft {
  members: number[];
  score: number;
  victimKzt: number;
  reasons: string[];
  typologies: string[];
}

function median(values: number[]): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  return v[Math.floor((v.length - 1) / 2)];
}

/** Score, rank and explain the communities. */
export function buildClusters(input: ClusterInput): ClusterOutput {
  const { ix, pairs, role, controller, community, minClusterSize } = input;
  const groups = new Map<number, number[]>();
  for (const [a, c] of [...community.entries()].sort((x, y) => x[0] - y[0])) {
    const list = groups.get(c) ?? [];
    list.push(a);
    groups.set(c, list);
  }

  const drafts: Draft[] = [];
  for (const members of groups.values()) {
    if (members.length < minClusterSize) continue;
    drafts.push(draft(members, input));
  }
  drafts.sort(
    (x, y) =>
      y.score - x.score ||
      y.victimKzt - x.victimKzt ||
      y.members.length - x.members.length ||
      (ix.keys[x.members[0]] < ix.keys[y.members[0]] ? -1 : 1),
  );

  const clusterOf = new Map<number, string>();
  const clusters: ClusterAnalysis[] = drafts.map((d, i) => {
    const id = `C${i + 1}`;
    for (const a of d.members) clusterOf.set(a, id);
    return {
      id,
      rank: i + 1,
      score: d.score,
      members: d.members.map((a) => ix.keys[a]).sort(),
      reasons: d.reasons,
      ...(d.typologies.length > 0 && { typologies: d.typologies }),
    };
  });

  // Victims join the cluster they paid most.
  const best = new Map<number, { kzt: number; id: string }>();
  for (const [a, id] of clusterOf) {
    for (let i = pairs.inStart[a]; i < pairs.inStart[a + 1]; i++) {
      const p = pairs.inIdx[i];
      const s = pairs.from[p];
      if (role[s] !== "victim") continue;
      const b = best.get(s);
      if (!b || pairs.kzt[p] > b.kzt) best.set(s, { kzt: pairs.kzt[p], id });
    }
  }
  for (const [s, b] of best) clusterOf.set(s, b.id);

  // Cross-check with same-controller components.
  const compClusters = new Map<number, Set<string>>();
  for (const [a, comp] of controller) {
    const id = clusterOf.get(a);
    if (!id || role[a] === "victim") continue;
    const set = compClusters.get(comp) ?? new Set<string>();
    set.add(id);
    compClusters.set(comp, set);
  }
  let controllerSplits = 0;
  for (const set of compClusters.values()) if (set.size > 1) controllerSplits++;

  return { clusters, clusterOf, controllerSplits, controllerComponents: compClusters.size };
}

function draft(members: number[], input: ClusterInput): Draft {
  const { ix, pt, pairs, role, score, ids, controller, reportedVictims, exitKinds, sinks, homeCountry } =
    input;
  const inCluster = new Set(members);
  const roles = { drop: 0, hub: 0, organiser: 0 } as Record<string, number>;
  const suspectScores: number[] = [];
  const dwell: number[] = [];
  for (const a of members) {
    roles[role[a]] = (roles[role[a]] ?? 0) + 1;
    if (role[a] === "drop" || role[a] === "hub") {
      suspectScores.push(score[a]);
      dwell.push(pt.medianDwellMs[a]);
    }
  }

  // Money in from outside, by victims (reported or not).
  const senders = new Set<number>();
  const victims = new Set<number>();
  const cases = new Set<string>();
  let inKzt = 0;
  let victimKzt = 0;
  for (const a of members) {
    for (let i = pairs.inStart[a]; i < pairs.inStart[a + 1]; i++) {
      const p = pairs.inIdx[i];
      const s = pairs.from[p];
      if (inCluster.has(s)) continue;
      senders.add(s);
      inKzt += pairs.kzt[p];
      if (role[s] === "victim") {
        victimKzt += pairs.kzt[p];
        if (reportedVictims.has(s)) {
          victims.add(s);
          for (const c of reportedVictims.get(s)!) cases.add(c);
        }
      }
    }
  }

  // Money out of the cluster: to exits (by kind) and to everything else.
  const exitKzt: Partial<Record<CashOutKind, number>> = {};
  let exitTotal = 0;
  let outKzt = 0;
  for (const a of members) {
    let inner = 0;
    for (let i = pairs.outStart[a]; i < pairs.outStart[a + 1]; i++) {
      const p = pairs.outIdx[i];
      if (inCluster.has(pairs.to[p])) inner += pairs.kzt[p];
    }
    outKzt += pt.outKzt[a] - inner;
    const cash = cashOut(ix, a, exitKinds, sinks, homeCountry);
    for (const [k, v] of Object.entries(cash.byKind) as [CashOutKind, number][])
      exitKzt[k] = (exitKzt[k] ?? 0) + v;
    exitTotal += cash.total;
  }
  const exitShare = outKzt > 0 ? Math.min(1, exitTotal / outKzt) : 0;

  // Identifiers shared inside the cluster, and the largest same-controller group.
  const sharedIds = new Set<number>();
  for (const a of members) for (const id of ids.byAccount.get(a) ?? []) sharedIds.add(id);
  const sharedInside: string[] = [];
  for (const id of [...sharedIds].sort((x, y) => x - y)) {
    const s = ids.shared[id];
    const k = s.accounts.filter((a) => inCluster.has(a)).length;
    if (k >= 2) sharedInside.push(`${s.type} ${s.value} (${k} members)`);
  }
  const byController = new Map<number, number>();
  for (const a of members) {
    const c = controller.get(a);
    if (c !== undefined) byController.set(c, (byController.get(c) ?? 0) + 1);
  }
  const oneController = Math.max(0, ...byController.values());

  const maxScore = Math.max(0, ...suspectScores);
  const meanScore = suspectScores.length
    ? suspectScores.reduce((x, y) => x + y, 0) / suspectScores.length
    : 0;
  let s = 0.6 * maxScore + 0.4 * meanScore;
  if (victims.size > 0) s += 10;
  if (victims.size >= 3) s += 5;
  if (exitShare >= 0.5) s += 10;
  if (sharedInside.length > 0) s += 5;
  if (roles.hub > 0) s += 5;
  const clusterScore = scoreOf(s);

  const reasons: string[] = [];
  const parts = [
    roles.drop ? count(roles.drop, "drop") : "",
    roles.hub ? count(roles.hub, "cash-out hub") : "",
    roles.organiser ? count(roles.organiser, "organiser candidate") : "",
  ].filter(Boolean);
  reasons.push(parts.join(", "));
  reasons.push(
    `took in ${input.money(inKzt)} from ${count(senders.size, "account")} outside the cluster` +
      (victims.size
        ? `, ${count(victims.size, "reported victim")} among them (${listSome([...cases].sort().map((c) => `case ${c}`))})`
        : "") +
      (victimKzt > 0 ? `; ${input.money(victimKzt)} of it from victims` : ""),
  );
  if (exitTotal > 0) {
    reasons.push(
      `${pct(exitShare)} of what left the cluster went to exits: ${cashOutWords(exitKzt, input.money)}`,
    );
  }
  const d = median(dwell);
  if (!Number.isNaN(d)) reasons.push(`money stayed a median ${duration(d)} in its drops`);
  if (sharedInside.length) reasons.push(`members share ${listSome(sharedInside)}`);
  if (oneController >= 2)
    reasons.push(`${oneController} members look run by one controller (shared device or card plus more)`);
  // Which typologies the members show, most members first.
  const shown = new Map<string, number>();
  for (const a of members)
    for (const t of input.typologyOf.get(a) ?? []) shown.set(t, (shown.get(t) ?? 0) + 1);
  const typologies = [...shown].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([t]) => t);
  if (typologies.length) {
    reasons.push(
      `shows ${listSome(
        typologies.map(
          (t) =>
            `${t === "random" ? "layering chain" : t.replace("_", "-")} (${count(shown.get(t)!, "member")})`,
        ),
        8,
      )}`,
    );
  }

  return { members, score: clusterScore, victimKzt, reasons, typologies };
}
