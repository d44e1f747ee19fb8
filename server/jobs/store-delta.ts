/**
 * What an upload added to the store, as opposed to what was already there: the store's counts just before and just
 * after the job's ingest. The ingest summary's `accepted` counts rows that were read well, whether or not the store
 * already held them (a re-upload of the same files accepts every row again); this says what is new. Jobs run one at
 * a time, so within one server the difference is this upload's; a CLI ingest into the same store at the same
 * moment would be counted too.
 */
import type { StoreStats } from "../store/ports/graph.js";

/** The counts compared (the time span is not a count). */
const COUNTED = [
  "accounts",
  "persons",
  "companies",
  "cards",
  "phones",
  "devices",
  "ips",
  "wallets",
  "transfers",
  "withdrawals",
  "complaints",
  "links",
  "transferSources",
] as const satisfies readonly (keyof StoreStats)[];

export type StoreCounts = Record<(typeof COUNTED)[number], number>;

/** The `store` block of an upload's summary. */
export interface StoreDelta {
  /** What the store held before the upload. */
  before: StoreCounts;
  /** What the upload added (after − before, per count). */
  added: StoreCounts;
  /** True when the upload added nothing the store did not hold already. */
  nothingNew: boolean;
}

function counts(s: StoreStats): StoreCounts {
  return Object.fromEntries(COUNTED.map((k) => [k, s[k]])) as StoreCounts;
}

/** Compare the store's counts before and after an ingest. */
export function storeDelta(before: StoreStats, after: StoreStats): StoreDelta {
  const b = counts(before);
  const a = counts(after);
  // A rollback by someone else in between could shrink a count; the upload did not remove anything.
  const added = Object.fromEntries(COUNTED.map((k) => [k, Math.max(0, a[k] - b[k])])) as StoreCounts;
  return { before: b, added, nothingNew: COUNTED.every((k) => added[k] === 0) };
}

/** The ingest summary with its `store` block added (a summary that is not an object is returned as it is). */
export function withStoreDelta(summary: unknown, before: StoreStats, after: StoreStats): unknown {
  if (typeof summary !== "object" || summary === null) return summary;
  return { ...summary, store: storeDelta(before, after) };
}
