/**
 * Scoring a trace against the generator's truth.json entry of one complaint: the stolen amount, the seed
 * transfers, and each exit's and holding account's amount within 1% of the complaint's stolen amount.
 * Shared by the generated-case test and bench/trace.ts.
 */
import type { TruthComplaint } from "../../../generator/types.js";
import type { TraceResult } from "../../../model/trace.js";
import type { TraceOptions } from "../../../server/analytics/trace/index.js";

/**
 * Truth follows every complaint's money with no limits to the end of the data: the trace options that do the same
 * (besides a window reaching the end of the data, which depends on the case).
 */
export const TRUTH_RULES: Pick<TraceOptions, "method" | "maxHops" | "minTracedKzt"> = {
  method: "fifo",
  maxHops: 1000,
  minTracedKzt: 0,
};

/** Differences between a trace and truth for one complaint, in words; empty when they agree within `tolerance`. */
export function compareWithTruth(
  caseNo: string,
  r: TraceResult,
  truth: TruthComplaint,
  tolerance = 0.01,
): string[] {
  const got = r.byComplaint?.[caseNo];
  if (!got) return [`${caseNo}: not in the trace result`];
  const out: string[] = [];
  const slack = tolerance * truth.stolenKzt;
  if (Math.abs(got.tracedKzt - truth.stolenKzt) > slack) {
    out.push(`${caseNo}: traced ${got.tracedKzt}, truth stole ${truth.stolenKzt}`);
  }
  const seeds = [...(got.seedTxIds ?? [])].sort().join(",");
  if (seeds !== [...truth.seedTxIds].sort().join(",")) {
    out.push(`${caseNo}: seeds ${seeds} ≠ truth ${[...truth.seedTxIds].sort().join(",")}`);
  }
  for (const [what, mine, theirs] of [
    ["exit", got.exitsKzt, truth.exitsKzt],
    ["holding", got.holdingKzt, truth.holdingKzt],
  ] as const) {
    for (const key of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
      const a = mine[key] ?? 0;
      const b = theirs[key] ?? 0;
      if (Math.abs(a - b) > slack) out.push(`${caseNo}: ${what} ${key}: traced ${a}, truth ${b}`);
    }
  }
  return out;
}

/** Does the trace match truth within tolerance? */
export function matchesTruth(
  caseNo: string,
  r: TraceResult,
  truth: TruthComplaint,
  tolerance = 0.01,
): boolean {
  return compareWithTruth(caseNo, r, truth, tolerance).length === 0;
}
