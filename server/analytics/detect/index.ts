/**
 * Detection of drop clusters and cash-out hubs (issue 5): the door of server/analytics/detect.
 *
 * detect() is pure (no I/O): projection → per-account indicators → roles with reasons → communities on the graph of
 * hypotheses → ranked, explained clusters. runAnalysis() (server/analytics/run-analysis.ts) reads the projection
 * from a store, runs detect() and writes the result back. Detection never reads a generator's truth: only the projection.
 */
import { randomUUID } from "node:crypto";
import type { AccountAnalysis, AnalysisResult, Projection } from "../../../model/analysis.js";
import { buildClusters } from "./clusters.js";
import { findCommunities } from "./communities.js";
import { accountExitKinds, resolveHomeCountry } from "./exits.js";
import { accountFeatures, victimWindows, type DataAmounts, type VictimWindow } from "./features.js";
import { dataCaveats, dataProfile } from "./data-profile.js";
import { controllerComponents, indexIdentifiers, sameOwnerOf } from "./identifiers.js";
import { indexProjection } from "./indexed.js";
import { aggregatePairs } from "./pairs.js";
import { parseThresholds, resolveDetectParams, type DetectParams } from "./params.js";
import { isPassThrough, passThrough } from "./pass-through.js";
import { decideRoles, isFlaggedRole, POINTS } from "./roles.js";
import { detectTypologies, TYPOLOGY_POINTS } from "./typologies/index.js";
import { moneyIn } from "./typologies/words.js";
import { dataStats } from "./typologies/stats.js";
import { applyTypologies, typologiesByAccount } from "./typology-roles.js";
import { learnedFeatures, type FeatureTable } from "./learned/features.js";
import { applyLearned } from "./learned/index.js";
import { smallEpisodes, type EpisodeTable } from "./stragglers/episodes.js";
import { applyStragglers } from "./stragglers/index.js";

export {
  DEFAULT_DETECT_PARAMS,
  DetectParamsError,
  resolveDetectParams,
  validateDetectParams,
} from "./params.js";
export type { DetectParams } from "./params.js";

/** Wall-clock milliseconds per stage of one detect() call (reported in the run's params). */
export interface DetectTimings {
  indexMs: number;
  featuresMs: number;
  typologiesMs: number;
  rolesMs: number;
  /** The learned scorer's features and decisions (0 when it is off); included in rolesMs. */
  learnedMs: number;
  communitiesMs: number;
  totalMs: number;
}

/**
 * Hooks for tools: the learned scorer's feature table (tools/scorer/features.ts) and the stragglers' episodes
 * (tools/stragglers/episodes.ts), as detect() computed them.
 */
export interface DetectHooks {
  onLearnedFeatures?: (table: FeatureTable, ix: ReturnType<typeof indexProjection>) => void;
  onEpisodes?: (table: EpisodeTable, ix: ReturnType<typeof indexProjection>) => void;
}

/**
 * Find drop clusters, hubs and the other roles in a projection. Pure: the same projection and params give the same
 * accounts and clusters (the run id and times differ). Lists every account whose role is not "ordinary" or whose
 * score is above 0; any other account is ordinary with score 0.
 */
export function detect(
  projection: Projection,
  params?: Partial<DetectParams>,
  hooks: DetectHooks = {},
): AnalysisResult {
  const p = resolveDetectParams(params);
  const startedAt = Date.now();
  const clock = performance.now();
  let mark = clock;
  const lap = () => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return Math.round(ms);
  };

  const ix = indexProjection(projection);
  const homeCountry = resolveHomeCountry(ix, p.homeCountry);
  const exitKinds = accountExitKinds(ix, homeCountry);
  // Amount settings are quantiles of the data's own amounts: what they come to here is recorded with the run.
  const stats = dataStats(ix);
  const amountAt = (q: number) => (Number.isNaN(stats.amountAt(q)) ? 0 : stats.amountAt(q));
  const amounts: DataAmounts = {
    minPassThroughKzt: amountAt(p.minPassThroughAmountQuantile),
    testPaymentMaxKzt: amountAt(p.testPaymentMaxAmountQuantile),
    structuringThresholds: parseThresholds(p.structuringThresholds),
  };
  const indexMs = lap();

  const pt = passThrough(ix, {
    matching: p.matching,
    windowMs: p.passThroughWindowMs,
    passedInflowMinShare: p.passedInflowMinShare,
  });
  const pairs = aggregatePairs(ix, pt);
  const profile = dataProfile(ix, pairs);
  const windows = victimWindows(projection.complaints, p);
  const victimIdx = new Map<number, VictimWindow[]>();
  const reportedVictims = new Map<number, string[]>();
  for (const [key, list] of windows) {
    const a = ix.indexOf.get(key);
    if (a === undefined) continue;
    victimIdx.set(a, list);
    reportedVictims.set(a, list.map((w) => w.caseNo).sort());
  }
  // Features only where a role can follow: pass-through accounts and receivers of reported victims' money.
  const interesting = new Set<number>();
  const r1 = { ...p, minPassThroughKzt: amounts.minPassThroughKzt };
  for (let a = 0; a < ix.n; a++) if (isPassThrough(pt, a, r1)) interesting.add(a);
  for (const v of victimIdx.keys()) {
    for (let i = pairs.outStart[v]; i < pairs.outStart[v + 1]; i++)
      interesting.add(pairs.to[pairs.outIdx[i]]);
  }
  const features = accountFeatures(
    ix,
    pt,
    victimIdx,
    [...interesting].sort((x, y) => x - y),
    p,
    amounts,
  );
  const ids = indexIdentifiers(ix, projection.identifiers, {
    maxAccounts: p.sharedIdMaxAccounts,
    maxAccountsPerIp: p.sharedIpMaxAccounts,
  });
  const featuresMs = lap();

  // Every reason tells amounts in the data's own currency (a USD register's sums in USD).
  const money = moneyIn(ix);
  const typologies = detectTypologies(
    ix,
    pairs,
    p,
    stats,
    (a) => exitKinds[a] === "watchlist",
    money,
    (a) => exitKinds[a] !== null,
    sameOwnerOf(ids),
  );
  const typologiesMs = lap();

  const decisions = decideRoles({
    ix,
    pt,
    pairs,
    exitKinds,
    features,
    ids,
    reportedVictims,
    homeCountry,
    params: p,
    money,
  });
  const recast = applyTypologies({
    role: decisions.role,
    score: decisions.score,
    reasons: decisions.reasons,
    typologies,
    exitKinds,
    reportedVictims,
    paidVictims: decisions.paidVictims,
    ids,
    has: {
      complaints: projection.complaints.length > 0,
      exits:
        exitKinds.some((k) => k !== null) || projection.transfers.some((t) => t.atm || t.wallets?.length),
      identifiers: projection.identifiers.length > 0,
    },
    params: p,
  });
  const typologyOf = typologiesByAccount(typologies);
  let learnedFlags = 0;
  let learnedMs = 0;
  if (p.learnedScorer || hooks.onLearnedFeatures) {
    const learnedStart = performance.now();
    const table = learnedFeatures({
      ix,
      pt,
      typologies,
      role: decisions.role,
      score: decisions.score,
    });
    hooks.onLearnedFeatures?.(table, ix);
    if (p.learnedScorer)
      learnedFlags = applyLearned(table, {
        ix,
        role: decisions.role,
        score: decisions.score,
        reasons: decisions.reasons,
        exitKinds,
        reportedVictims,
        hasComplaints: projection.complaints.length > 0,
      });
    learnedMs = Math.round(performance.now() - learnedStart);
  }
  let stragglerFlags = 0;
  if (p.stragglers || hooks.onEpisodes) {
    const loanPurpose = new RegExp(p.loanPurposePattern, "i");
    const table = smallEpisodes({
      ix,
      pairs,
      back: typologies.back,
      shareBelow: stats.shareBelow,
      flagged: (a) => isFlaggedRole(decisions.role[a]),
      excluded: (a) => decisions.role[a] === "victim" || exitKinds[a] !== null || reportedVictims.has(a),
      schemePairMaxTransfers: p.schemePairMaxTransfers,
      unseen: typologies.unseenAtAccountsPace,
    });
    hooks.onEpisodes?.(table, ix);
    if (p.stragglers)
      stragglerFlags = applyStragglers(table, {
        ix,
        role: decisions.role,
        score: decisions.score,
        reasons: decisions.reasons,
        money,
        isLoan: (t) => loanPurpose.test(ix.transfers[t].purpose ?? ""),
        dwarfFactor: p.fanDwarfFactor,
      });
  }
  const rolesMs = lap();

  const members: number[] = [];
  for (let a = 0; a < ix.n; a++) if (isFlaggedRole(decisions.role[a])) members.push(a);
  const comm = findCommunities(ix, pairs, ids, decisions.role, members, {
    seed: p.seed,
    resolution: p.resolution,
    flowWeight: p.flowWeight,
    identifierWeight: p.identifierWeight,
    maxGroup: p.sharedIdMaxAccounts,
  });
  const controller = controllerComponents(ids);
  const cl = buildClusters({
    ix,
    pt,
    pairs,
    role: decisions.role,
    score: decisions.score,
    exitKinds,
    sinks: decisions.sinks,
    homeCountry,
    ids,
    controller,
    reportedVictims,
    community: comm.community,
    minClusterSize: p.minClusterSize,
    typologyOf,
    money,
  });
  const communitiesMs = lap();

  const accounts: AccountAnalysis[] = [];
  for (let a = 0; a < ix.n; a++) {
    const role = decisions.role[a];
    const score = Math.round(decisions.score[a] * 10) / 10;
    if (role === "ordinary" && score <= 0) continue;
    accounts.push({
      id: ix.keys[a],
      community: cl.clusterOf.get(a) ?? null,
      role,
      score,
      reasons: decisions.reasons.get(a) ?? [],
      ...(typologyOf.has(a) &&
        role !== "ordinary" &&
        role !== "victim" && { typologies: typologyOf.get(a)! }),
    });
  }
  accounts.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));

  const timings: DetectTimings = {
    indexMs,
    featuresMs,
    typologiesMs,
    rolesMs,
    learnedMs,
    communitiesMs,
    totalMs: Math.round(performance.now() - clock),
  };
  let withdrawals = 0;
  for (const t of projection.transfers) if (t.atm) withdrawals++;
  return {
    run: {
      runId: randomUUID(),
      startedAt,
      finishedAt: Date.now(),
      params: {
        ...p,
        resolvedHomeCountry: homeCountry,
        resolvedAmountsKzt: {
          minPassThrough: Math.round(amounts.minPassThroughKzt),
          testPaymentMax: Math.round(amounts.testPaymentMaxKzt),
        },
        points: POINTS,
        typologyPoints: TYPOLOGY_POINTS,
        typologies: {
          findings: countBy(typologies.findings.map((f) => f.typology)),
          recastFromTransfersAlone: recast.length,
        },
        learned: { flagged: learnedFlags },
        stragglersFlagged: stragglerFlags,
        dataProfile: profile,
        caveats: dataCaveats(profile, p.thinHistoryShare),
        inputs: {
          accounts: ix.n,
          transfers: projection.transfers.length - withdrawals,
          withdrawals,
          complaints: projection.complaints.length,
          identifierLinks: projection.identifiers.length,
          watchlisted: projection.accounts.filter((a) => a.watchlist).length,
        },
        hypothesisGraph: { nodes: comm.graphNodes, edges: comm.graphEdges, modularity: comm.modularity },
        controllerCheck: { components: cl.controllerComponents, splitOverClusters: cl.controllerSplits },
        timings,
      },
    },
    accounts,
    clusters: cl.clusters,
  };
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of [...values].sort()) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** The one analysis runner (server/analytics/run-analysis.ts), at this door too for the callers that know it here. */
export { runAnalysis } from "../run-analysis.js";
