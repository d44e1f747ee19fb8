/**
 * Scores a detection result against a generator's truth.json (tests and bench/detect.ts only; detection never reads
 * truth). Precision / recall / F1 per role, the adjusted Rand index (Hubert & Arabie 1985, written here: graphology
 * has none) of planted rings against found clusters, how many top-ranked clusters are real rings, and how many hard
 * negatives were flagged.
 */
import type { AnalysisResult } from "../../../model/analysis.js";

/** The part of truth.json (generator/types.ts Truth) that scoring reads. */
export interface TruthLike {
  accounts: Record<
    string,
    { role: string; ring: string | null; hardNegative: boolean; hardNegativeKind?: string }
  >;
  rings: Record<string, { members: string[] }>;
}

export interface Prf {
  truth: number;
  found: number;
  hits: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface DetectionScore {
  drops: Prf;
  hubs: Prf;
  /** Drops and hubs together, ignoring which of the two. */
  suspects: Prf;
  /** Over ring members ∪ cluster members; everyone else out of the comparison; unclustered accounts are singletons. */
  ari: number;
  /** Of the top `top` clusters, how many have a majority of members in one planted ring. */
  topReal: number;
  top: number;
  hardNegatives: number;
  /** Hard negatives called drop, hub or organiser. */
  hardNegativesFlagged: string[];
}

function prf(truth: Set<string>, found: Set<string>): Prf {
  let hits = 0;
  for (const k of found) if (truth.has(k)) hits++;
  const precision = found.size ? hits / found.size : truth.size ? 0 : 1;
  const recall = truth.size ? hits / truth.size : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { truth: truth.size, found: found.size, hits, precision, recall, f1 };
}

const choose2 = (n: number) => (n * (n - 1)) / 2;

/** Adjusted Rand index of two labelings of the same items. 1 = identical partitions, ~0 = chance. */
export function adjustedRandIndex(a: string[], b: string[]): number {
  if (a.length !== b.length) throw new Error("truth-score: the two labelings differ in length");
  const n = a.length;
  if (n < 2) return 1;
  const cells = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const k = `${a[i]}\u0000${b[i]}`;
    cells.set(k, (cells.get(k) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  let index = 0;
  for (const v of cells.values()) index += choose2(v);
  let sumA = 0;
  for (const v of rows.values()) sumA += choose2(v);
  let sumB = 0;
  for (const v of cols.values()) sumB += choose2(v);
  const expected = (sumA * sumB) / choose2(n);
  const max = (sumA + sumB) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

/**
 * Score `result` against `truth`. `rename` maps truth keys to the keys detection saw (for transfers-only runs
 * whose accounts were re-keyed); identity when absent.
 */
export function scoreDetection(
  result: AnalysisResult,
  truth: TruthLike,
  opts: { rename?: Map<string, string>; top?: number } = {},
): DetectionScore {
  const back = new Map<string, string>();
  if (opts.rename) for (const [k, v] of opts.rename) back.set(v, k);
  const toTruthKey = (k: string) => back.get(k) ?? k;
  const top = opts.top ?? 10;

  const truthRole = (role: string) =>
    new Set(
      Object.entries(truth.accounts)
        .filter(([, a]) => a.role === role)
        .map(([k]) => k),
    );
  const foundRole = (roles: string[]) =>
    new Set(result.accounts.filter((a) => roles.includes(a.role)).map((a) => toTruthKey(a.id)));
  const union = (x: Set<string>, y: Set<string>) => new Set([...x, ...y]);

  const tDrops = truthRole("drop");
  const tHubs = truthRole("hub");

  // ARI over ring members ∪ cluster members.
  const ringOf = new Map<string, string>();
  for (const [id, r] of Object.entries(truth.rings)) for (const m of r.members) ringOf.set(m, id);
  const clusterOf = new Map<string, string>();
  for (const c of result.clusters) for (const m of c.members) clusterOf.set(toTruthKey(m), c.id);
  const items = [...new Set([...ringOf.keys(), ...clusterOf.keys()])].sort();
  const ari = adjustedRandIndex(
    items.map((k) => ringOf.get(k) ?? `none:${k}`),
    items.map((k) => clusterOf.get(k) ?? `none:${k}`),
  );

  let topReal = 0;
  const ranked = [...result.clusters].sort((x, y) => x.rank - y.rank).slice(0, top);
  for (const c of ranked) {
    const byRing = new Map<string, number>();
    for (const m of c.members) {
      const r = ringOf.get(toTruthKey(m));
      if (r) byRing.set(r, (byRing.get(r) ?? 0) + 1);
    }
    if (Math.max(0, ...byRing.values()) > c.members.length / 2) topReal++;
  }

  const flagged = foundRole(["drop", "hub", "organiser"]);
  const hard = Object.entries(truth.accounts).filter(([, a]) => a.hardNegative);
  return {
    drops: prf(tDrops, foundRole(["drop"])),
    hubs: prf(tHubs, foundRole(["hub"])),
    suspects: prf(union(tDrops, tHubs), foundRole(["drop", "hub"])),
    ari,
    topReal,
    top: ranked.length,
    hardNegatives: hard.length,
    hardNegativesFlagged: hard.filter(([k]) => flagged.has(k)).map(([k]) => k),
  };
}

/** The part of an "aml"-world truth.json that laundering scoring reads. */
export interface LaunderingTruthLike {
  accounts: Record<
    string,
    { laundering?: boolean; typologies?: string[]; hardNegative: boolean; hardNegativeKind?: string }
  >;
  /** The planted schemes with their accounts (the generator's worlds have them; an outside register may not). */
  schemes?: Record<string, { typology: string; accounts: string[] }>;
}

/** Scheme sizes (accounts) that bench:detect reports apart: the small ones are where per-seed recall turns. */
export const SCHEME_SIZE_BANDS: readonly { label: string; min: number; max: number }[] = [
  { label: "2–5", min: 2, max: 5 },
  { label: "6–15", min: 6, max: 15 },
  { label: "16+", min: 16, max: Infinity },
];

/** A scheme counts as found when at least this share of its accounts is flagged (the per-typology recall target). */
export const SCHEME_FOUND_SHARE = 0.7;

export interface LaunderingScore {
  /** Laundering accounts (any typology) against accounts called drop, hub or organiser. */
  overall: Prf;
  /** Per typology: how many of its accounts were flagged (an account in two schemes counts in both). */
  recallByTypology: Record<string, { truth: number; hits: number; recall: number }>;
  hardNegatives: number;
  hardNegativesFlagged: string[];
  /** Flagged hard negatives per kind (payroll, merchant …). */
  flaggedByKind: Record<string, number>;
  /** Of the flagged accounts, how many carry a typology label that names the true one (when both are known). */
  typologyAgreement: { labelled: number; agree: number };
  /**
   * Per band of SCHEME_SIZE_BANDS: the schemes of that many accounts, how many were found (SCHEME_FOUND_SHARE of
   * their accounts flagged), and their accounts flagged. Empty when the truth has no schemes.
   */
  bySchemeSize: { label: string; schemes: number; found: number; truth: number; hits: number }[];
}

/**
 * Score `result` against an "aml"-world truth: laundering-account precision / recall / F1, recall per typology and
 * the hard negatives flagged. `typologiesOf` reads the detector's typology labels of an account (for agreement).
 */
export function scoreLaundering(
  result: AnalysisResult,
  truth: LaunderingTruthLike,
  typologiesOf: (account: AnalysisResult["accounts"][number]) => string[] = () => [],
): LaunderingScore {
  const flaggedAccounts = result.accounts.filter(
    (a) => a.role === "drop" || a.role === "hub" || a.role === "organiser",
  );
  const flagged = new Set(flaggedAccounts.map((a) => a.id));
  const laundering = new Set(
    Object.entries(truth.accounts)
      .filter(([, a]) => a.laundering)
      .map(([k]) => k),
  );
  const recallByTypology: LaunderingScore["recallByTypology"] = {};
  for (const [k, a] of Object.entries(truth.accounts)) {
    for (const ty of a.typologies ?? []) {
      const r = (recallByTypology[ty] ??= { truth: 0, hits: 0, recall: 0 });
      r.truth++;
      if (flagged.has(k)) r.hits++;
    }
  }
  for (const r of Object.values(recallByTypology)) r.recall = r.truth ? r.hits / r.truth : 1;
  const hard = Object.entries(truth.accounts).filter(([, a]) => a.hardNegative);
  const hardFlagged = hard.filter(([k]) => flagged.has(k));
  const flaggedByKind: Record<string, number> = {};
  for (const [, a] of hardFlagged) {
    const kind = a.hardNegativeKind ?? "unknown";
    flaggedByKind[kind] = (flaggedByKind[kind] ?? 0) + 1;
  }
  let labelled = 0;
  let agree = 0;
  for (const a of flaggedAccounts) {
    const mine = typologiesOf(a);
    const theirs = truth.accounts[a.id]?.typologies ?? [];
    if (!mine.length || !theirs.length) continue;
    labelled++;
    if (mine.some((t) => theirs.includes(t))) agree++;
  }
  const bySchemeSize = truth.schemes
    ? SCHEME_SIZE_BANDS.map(({ label }) => ({ label, schemes: 0, found: 0, truth: 0, hits: 0 }))
    : [];
  for (const scheme of Object.values(truth.schemes ?? {})) {
    const n = scheme.accounts.length;
    const band = bySchemeSize[SCHEME_SIZE_BANDS.findIndex((b) => n >= b.min && n <= b.max)];
    if (!band) continue;
    const hits = scheme.accounts.filter((k) => flagged.has(k)).length;
    band.schemes++;
    band.truth += n;
    band.hits += hits;
    if (hits >= SCHEME_FOUND_SHARE * n) band.found++;
  }
  return {
    overall: prf(laundering, flagged),
    recallByTypology,
    hardNegatives: hard.length,
    hardNegativesFlagged: hardFlagged.map(([k]) => k).sort(),
    flaggedByKind,
    typologyAgreement: { labelled, agree },
    bySchemeSize,
  };
}
