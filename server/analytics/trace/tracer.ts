/**
 * The frontier loop: replay, find the accounts traced money newly reached, read their histories, replay again,
 * until no new account is reached. Only the reached accounts' transfers (up to the last window end) and the
 * details of their receivers are ever read from the store: never the whole graph.
 *
 * An account's history is read from the moment traced money first reached it (a history window,
 * TraceHistoryPort): before then it held untraced money only, so all the replay needs of that time is the balance
 * it held, which the store sums (docs/RECOVERY.md, "How the triage reads histories"). When a later round finds traced
 * money reaching it earlier still, its window is read again from that earlier time.
 *
 * Why replay from scratch: FIFO in an account depends on all its inflows, clean ones included, so adding an
 * account changes what its outflows carry. Taint only grows with each round (an account not yet reached is treated
 * as paying untraced money, which is a lower bound), so the loop converges on the same answer a replay of the whole
 * data would give.
 *
 * After the loop, the accounts still holding traced money are asked for their outflows after the last window end:
 * money leaving then is reported untraced (window end); what is left is the freeze list.
 */
import type { ProjectionAccount } from "../../../model/analysis.js";
import type { TransferEdge } from "../../../model/graph.js";
import type { ComplaintRecord } from "../../../model/records.js";
import type { TraceResult } from "../../../model/trace.js";
import type {
  HistoryWindow as WindowQuery,
  HistoryWindows,
  InflowRun,
  TransfersQuery,
} from "../../store/types.js";
import { toTiyn, transferTiyn } from "./amounts.js";
import { traceCurrencies } from "./currencies.js";
import type { ResolvedTraceOptions } from "./options.js";
import { buildResult, type Holding } from "./result.js";
import { planSeeds } from "./seeds.js";
import {
  addUntraced,
  byTsThenTxId,
  simulate,
  type FetchedTransfer,
  type HistoryWindow,
  type SimulationState,
} from "./simulation.js";
import { Tally, type TraceStore } from "./types.js";

/** Accounts per store call: keeps query parameters small on both stores. */
const CHUNK = 1000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

async function fetchTransfers(
  store: TraceStore,
  accounts: string[],
  query: Omit<TransfersQuery, "accounts">,
): Promise<TransferEdge[]> {
  const parts = await Promise.all(chunks(accounts).map((a) => store.transfers({ ...query, accounts: a })));
  return parts.flat();
}

async function fetchWindows(
  store: TraceStore,
  windows: WindowQuery[],
  until: number | undefined,
  rates: Record<string, number> | undefined,
  listedSenders: string[],
): Promise<HistoryWindows> {
  const parts = await Promise.all(
    chunks(windows).map((w) =>
      store.historyWindows({
        windows: w,
        ...(until !== undefined ? { until } : {}),
        ...(rates ? { rates } : {}),
        listedSenders,
      }),
    ),
  );
  return {
    openings: parts.flatMap((p) => p.openings),
    transfers: parts.flatMap((p) => p.transfers),
    sums: parts.flatMap((p) => p.sums),
  };
}

async function fetchAccounts(
  store: TraceStore,
  keys: string[],
  into: Map<string, ProjectionAccount | null>,
): Promise<void> {
  const parts = await Promise.all(chunks(keys).map((k) => store.accounts(k)));
  for (const a of parts.flat()) into.set(a.key, a);
  for (const k of keys) if (!into.has(k)) into.set(k, null);
}

/** The `from` of a summed run: no account, so no pool (its money is untraced). */
const NO_ACCOUNT = -1;

/**
 * A summed run of inflows as one transfer where its last inflow stands (ts, txId): the replay deposits its total as
 * untraced money there, which leaves the receiver's pool as the inflows one by one would (untraced money is
 * interchangeable, and none of the account's other moves falls between them).
 */
function runEdge(run: InflowRun): TransferEdge {
  const kzt = run.tiyn / 100;
  return {
    txId: run.lastTxId,
    from: "",
    to: run.account,
    ts: run.lastTs,
    amount: kzt,
    currency: "KZT",
    amountKzt: kzt,
  };
}

/** Whether an inflow stands within a run, in its receiver's order (ts, then txId among inflows). */
function holds(run: InflowRun, t: TransferEdge): boolean {
  const afterFirst = t.ts > run.firstTs || (t.ts === run.firstTs && t.txId >= run.firstTxId);
  return afterFirst && (t.ts < run.lastTs || (t.ts === run.lastTs && t.txId <= run.lastTxId));
}

/** Merge two lists sorted by (ts, txId) into one. */
function mergeSorted(a: FetchedTransfer[], b: FetchedTransfer[]): FetchedTransfer[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: FetchedTransfer[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = byTsThenTxId(a[i]!.t, b[j]!.t) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** Run a trace with resolved options. */
export async function runTrace(
  store: TraceStore,
  o: ResolvedTraceOptions,
  records?: ReadonlyMap<string, ComplaintRecord>,
): Promise<TraceResult> {
  return (await traceRounds(store, o, records, true)) ?? (await traceRounds(store, o, records, false))!;
}

/**
 * The trace, round by round. With `readAhead`, a round whose replay was not exact (an inflow cut out of a run
 * carried traced money) still reads the accounts it found reached; should the account limit then bind, the answer
 * could depend on those reads, so the trace gives up (undefined) and is run again without reading ahead.
 */
async function traceRounds(
  store: TraceStore,
  o: ResolvedTraceOptions,
  records: ReadonlyMap<string, ComplaintRecord> | undefined,
  readAhead: boolean,
): Promise<TraceResult | undefined> {
  const { params } = o;
  const plan = await planSeeds(store, o, records);
  const lastWindowEnd = Math.max(...plan.origins.map((x) => x.windowEnd));
  // A window to the end of the data: histories are read whole, and nothing leaves after the window.
  const until = Number.isFinite(lastWindowEnd) ? lastWindowEnd : undefined;
  const tiyn = (t: TransferEdge): number => transferTiyn(t, o.fxTable);

  // Every fetched transfer once, kept in replay order; new ones are merged in. Accounts are numbered as they are
  // seen, so that the replay finds pools by index.
  const known = new Set<string>();
  const index = new Map<string, number>();
  const keys: string[] = [];
  const indexOf = (key: string): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = keys.push(key) - 1;
      index.set(key, i);
    }
    return i;
  };
  let ordered: FetchedTransfer[] = [];
  let lastSeen = Number.NEGATIVE_INFINITY;
  // By account index, the summed runs of inflows in `ordered` (a read of the account replaces them) and the inflows
  // cut out of them since.
  const runsOf = new Map<number, FetchedTransfer[]>();
  const cutOf = new Map<number, FetchedTransfer[]>();
  const remember = (list: TransferEdge[], sums: InflowRun[] = []): FetchedTransfer[] => {
    const fresh: FetchedTransfer[] = [];
    for (const run of sums) {
      if (run.lastTs > lastSeen) lastSeen = run.lastTs;
      const to = indexOf(run.account);
      const row: FetchedTransfer = {
        t: runEdge(run),
        tiyn: run.tiyn,
        from: NO_ACCOUNT,
        to,
        seeds: undefined,
        run,
      };
      let runs = runsOf.get(to);
      if (!runs) runsOf.set(to, (runs = []));
      runs.push(row);
      fresh.push(row);
    }
    const added: FetchedTransfer[] = [];
    for (const t of list) {
      if (t.ts > lastSeen) lastSeen = t.ts;
      if (known.has(t.txId)) continue;
      known.add(t.txId);
      const row = {
        t,
        tiyn: tiyn(t),
        from: indexOf(t.from),
        to: indexOf(t.to),
        seeds: plan.seeds.get(t.txId),
      };
      fresh.push(row);
      added.push(row);
    }
    // Lists come from the store in (ts, txId) order, unless several store calls were joined (or runs were added).
    for (let i = 1; i < fresh.length; i++) {
      if (byTsThenTxId(fresh[i - 1]!.t, fresh[i]!.t) > 0) {
        fresh.sort((a, b) => byTsThenTxId(a.t, b.t));
        break;
      }
    }
    ordered = mergeSorted(ordered, fresh);
    return added;
  };
  remember(plan.transfers);
  const accounts = new Map<string, ProjectionAccount | null>();
  // The reached accounts, by index: where their history read starts and what they held then.
  const windows = new Map<number, HistoryWindow>();
  // The senders whose inflows into a window the store lists one by one (the others it sums into runs): the seeds'
  // senders and every account with a window, read or being read.
  const listedSenders = new Set(plan.transfers.map((t) => t.from));
  const read = async (reads: WindowQuery[]): Promise<HistoryWindows> => {
    for (const r of reads) listedSenders.add(r.account);
    const got = await fetchWindows(store, reads, until, o.fxTable, [...listedSenders]);
    // The accounts read (again) get new runs, and the inflows cut out of their old ones are plain inflows again.
    const again = new Set(reads.map((r) => indexOf(r.account)));
    if ([...again].some((i) => runsOf.has(i))) ordered = ordered.filter((f) => !(f.run && again.has(f.to)));
    for (const i of again) {
      runsOf.delete(i);
      for (const f of cutOf.get(i) ?? []) delete f.cut;
      cutOf.delete(i);
    }
    // An outflow of a newly read account into an account read before (within its window) that is new to the tracer
    // was summed into one of that account's runs: it is cut out of the run (docs/RECOVERY.md, "How the triage reads
    // histories"). Should no run hold it, the account is read again.
    const cut = new Set<string>();
    const unsure = new Map<number, number>();
    for (const t of got.transfers) {
      const to = index.get(t.to);
      if (to === undefined || again.has(to) || known.has(t.txId)) continue;
      const w = windows.get(to);
      if (!w || t.ts < w.from) continue;
      const run = runsOf.get(to)?.find((r) => holds(r.run!, t));
      if (!run) {
        unsure.set(to, w.from);
        continue;
      }
      run.tiyn -= tiyn(t);
      cut.add(t.txId);
    }
    for (const w of got.openings)
      windows.set(indexOf(w.account), { from: w.from, openingTiyn: w.openingTiyn });
    for (const row of remember(got.transfers, got.sums)) {
      if (!cut.has(row.t.txId)) continue;
      row.cut = true;
      let rows = cutOf.get(row.to);
      if (!rows) cutOf.set(row.to, (rows = []));
      rows.push(row);
    }
    if (unsure.size) await read([...unsure].map(([i, from]) => ({ account: keys[i]!, from })));
    return got;
  };

  // Receivers of anything that may carry traced money need their details (watch-list, foreign) for the exit rule:
  // first the seeds' receivers, then, round by round, the receivers of the newly reached accounts' outflows.
  let unknown = new Set(plan.transfers.filter((t) => !t.atm).map((t) => t.to));
  let state: SimulationState;
  let readAheadOnce = false;
  for (;;) {
    for (const k of unknown) if (accounts.has(k)) unknown.delete(k);
    if (unknown.size) await fetchAccounts(store, [...unknown], accounts);

    state = simulate({
      method: params.method,
      maxHops: params.maxHops,
      minTiyn: toTiyn(params.minTracedKzt),
      origins: plan.origins,
      windows,
      keys,
      ordered,
      accounts,
    });
    // Accounts reached earlier than their window are read again from then (they count once against the limit).
    const reads: WindowQuery[] = [];
    const fresh: WindowQuery[] = [];
    for (const [i, from] of state.newlyReached)
      (windows.has(i) ? reads : fresh).push({ account: keys[i]!, from });
    for (const i of state.cutCarriedTraced) reads.push({ account: keys[i]!, from: windows.get(i)!.from });
    const room = o.maxAccounts - windows.size;
    const fits = fresh.length <= room;
    if (!fits && readAheadOnce) return undefined;
    // The replay is exact when every reached account was read from before traced money reached it and no inflow cut
    // out of a run carried traced money (the run's untraced money ahead of it was put behind it). Only then are the
    // accounts it finds newly reached, in their order, those a replay of whole histories finds: so when the account
    // limit binds, new accounts are taken from an exact replay only, and an inexact one reads its accounts again
    // first. Reading an account earlier than needed, or one the money does not reach, changes no result as long as
    // every account reached is read: so while the limit does not bind, new accounts are read ahead.
    const exact = reads.length === 0;
    if (exact || (readAhead && fits)) {
      if (!exact) readAheadOnce ||= fresh.length > 0;
      reads.push(...fresh.slice(0, Math.max(0, room)));
    }
    if (reads.length === 0) break;
    const got = await read(reads);
    const batch = new Set(reads.map((r) => r.account));
    unknown = new Set(got.transfers.filter((t) => batch.has(t.from) && !t.atm).map((t) => t.to));
  }

  // Outflows after the last window end carry held traced money out of sight.
  const holders = [...state.pools].filter(([, pool]) => pool.traced().length > 0).map(([key]) => key);
  // (Only for a window asked for: with the default one, the trace looks at the data as of `asOf`, later moves unseen.)
  if (holders.length && until !== undefined && o.windowMs !== null) {
    const later = await fetchTransfers(store, holders, { direction: "out", after: lastWindowEnd });
    remember(later);
    for (const t of later.sort(byTsThenTxId)) {
      const pool = state.pools.get(t.from);
      if (!pool) continue;
      for (const lot of pool.take(tiyn(t))) {
        for (const tag of lot.tags) addUntraced(state, t.from, "window_end", tag.origin, lot.amount, t.txId);
      }
    }
  }

  // What is still in the pools is held; amounts below the minimum are reported untraced instead.
  const minTiyn = toTiyn(params.minTracedKzt);
  const holdings: Holding[] = [];
  for (const [account, pool] of state.pools) {
    const lots = pool.traced();
    if (!lots.length) continue;
    const tally = new Tally();
    // A lot tagged with several complaints counts for each in the tally, but is in the account once.
    let heldTiyn = 0;
    for (const lot of lots) {
      for (const tag of lot.tags) tally.add(tag.origin, lot.amount, lot.txId);
      tally.arrivedAt = Math.min(tally.arrivedAt, lot.arrivedAt);
      heldTiyn += lot.amount;
    }
    if (tally.tiyn < minTiyn) {
      for (const lot of lots)
        for (const tag of lot.tags)
          addUntraced(state, account, "below_minimum", tag.origin, lot.amount, lot.txId);
    } else holdings.push({ account, tally, heldTiyn });
  }
  plan.shortfall.forEach((tiynLeft, i) => {
    if (tiynLeft > 0)
      addUntraced(state, plan.origins[i]!.victimAccount, "not_in_victim_outflows", i, tiynLeft);
  });

  const asOf = o.asOf ?? (Number.isFinite(lastSeen) ? lastSeen : Date.now());
  // The holding accounts were reached, so their histories from before the traced money they hold arrived (up to the
  // window's end) are in `ordered`: the last of their transfers there is their last movement.
  const holdingAccounts = new Set(holdings.map((h) => h.account));
  const lastMovement = new Map<string, number>();
  for (const { t } of ordered) {
    if (t.ts > asOf) break;
    if (holdingAccounts.has(t.from)) lastMovement.set(t.from, t.ts);
    if (holdingAccounts.has(t.to)) lastMovement.set(t.to, t.ts);
  }
  return buildResult({
    params:
      o.windowMs === null
        ? { ...params, windowMs: Math.max(1, asOf - Math.min(...plan.origins.map((x) => x.windowStart)) + 1) }
        : params,
    origins: plan.origins,
    state,
    holdings,
    accounts,
    asOf,
    lastMovement,
    currencies: traceCurrencies(
      ordered.filter((f) => !f.run).map((f) => f.t),
      o.fxTable,
    ),
  });
}
