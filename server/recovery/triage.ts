/**
 * Recovery triage: across all complaints (or a chosen set), every account still holding traced money at the end of
 * the data, with its bank, amount, since when, last movement, the complaints that feed it and their report lag
 * (incident → registration), and per complaint the share still recoverable. One trace of all the complaints together,
 * to the end of the data: FIFO positions do not depend on whose money is whose, and money that is two complaints'
 * at once (a victim's stolen outflow carrying another complaint's money) counts for each, so together equals each
 * alone (server/analytics/trace/pools.ts). A holding therefore gives both the complaints' amounts (which can overlap)
 * and the money actually held, each amount once (`heldKzt`, what a freeze request asks for).
 */
import type { ComplaintRecord } from "../../model/records.js";
import type { FreezeItemState, Triage, TriageComplaint, TriageHolding } from "../../model/recovery.js";
import { traceFunds } from "../analytics/trace/index.js";
import type { GraphReadPort } from "../store/ports/graph.js";
import type { RecoveryRecordStore, TraceHistoryPort } from "../store/ports/recovery.js";
import { foldStates, totalsByComplaint } from "./status.js";

export interface TriageOptions {
  /** Case numbers; all complaints in the store when absent or empty. */
  complaints?: string[];
  /** The end of the data to look at (epoch ms); default the store's last transfer. */
  asOf?: number;
  /** KZT per unit of a currency, replacing the data's rates. */
  fxTable?: Record<string, number>;
}

/** The store methods triage reads. */
export type TriageStore = Pick<
  GraphReadPort & RecoveryRecordStore & TraceHistoryPort,
  | "transfers"
  | "transfersByIds"
  | "historyWindows"
  | "accounts"
  | "complaint"
  | "complaints"
  | "stats"
  | "listFreezeRequests"
  | "listFreezeOutcomes"
>;

/** Every freeze item state, from the stored requests and outcomes. */
export async function freezeStates(
  store: Pick<RecoveryRecordStore, "listFreezeRequests" | "listFreezeOutcomes">,
): Promise<FreezeItemState[]> {
  const [requests, outcomes] = await Promise.all([store.listFreezeRequests(), store.listFreezeOutcomes()]);
  return foldStates(requests, outcomes);
}

const sum = (o: Record<string, number>): number => Object.values(o).reduce((s, v) => s + v, 0);
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Build the triage.
 * @throws TraceNotFoundError (server/analytics/trace) for a case number that is not stored.
 */
export async function buildTriage(store: TriageStore, opts: TriageOptions = {}): Promise<Triage> {
  const chosen = [...new Set(opts.complaints ?? [])];
  const records: ComplaintRecord[] = chosen.length
    ? (await Promise.all(chosen.map((c) => store.complaint(c)))).filter(
        (c): c is ComplaintRecord => c !== null,
      )
    : await store.complaints();
  const asOf = opts.asOf ?? (await store.stats()).lastTransferAt ?? Date.now();
  const states = await freezeStates(store);
  if (records.length === 0 && chosen.length === 0) {
    return { asOf, currencies: [], holdings: [], complaints: [], totalHoldingKzt: 0, totalHeldKzt: 0 };
  }
  // Unknown case numbers among the chosen ones make the trace throw TraceNotFoundError, naming them.
  const trace = await traceFunds(
    store,
    {
      complaints: chosen.length ? chosen : records.map((c) => c.caseNo),
      asOf,
      ...(opts.fxTable ? { fxTable: opts.fxTable } : {}),
    },
    { complaints: records },
  );
  const byCase = new Map(records.map((c) => [c.caseNo, c]));
  const lagOf = (caseNo: string): number | undefined => {
    const c = byCase.get(caseNo);
    return c?.incidentAt !== undefined && c.incidentAt !== null ? c.registeredAt - c.incidentAt : undefined;
  };

  const statesByAccount = new Map<string, FreezeItemState[]>();
  for (const s of states) {
    const list = statesByAccount.get(s.account) ?? [];
    list.push(s);
    statesByAccount.set(s.account, list);
  }
  const holdings: TriageHolding[] = trace.freezeList.map((f) => {
    const complaints = Object.entries(f.byComplaint ?? {})
      .map(([caseNo, amountKzt]) => {
        const lag = lagOf(caseNo);
        return { caseNo, amountKzt, ...(lag !== undefined ? { reportLagMs: lag } : {}) };
      })
      .sort((a, b) => b.amountKzt - a.amountKzt || (a.caseNo < b.caseNo ? -1 : 1));
    const lags = complaints.flatMap((c) => (c.reportLagMs !== undefined ? [c.reportLagMs] : []));
    return {
      account: f.account,
      ...(f.bank ? { bank: f.bank } : {}),
      amountKzt: f.amountKzt,
      heldKzt: f.heldKzt ?? f.amountKzt,
      overlapKzt: round2(Math.max(0, f.amountKzt - (f.heldKzt ?? f.amountKzt))),
      ...(f.amounts ? { amounts: f.amounts } : {}),
      since: f.arrivedAt,
      ...(f.lastMovementAt !== undefined ? { lastMovementAt: f.lastMovementAt } : {}),
      complaints,
      ...(lags.length ? { maxReportLagMs: Math.max(...lags) } : {}),
      txIds: f.txIds ?? [],
      freezes: (statesByAccount.get(f.account) ?? []).slice().reverse(),
    };
  });

  const recovered = totalsByComplaint(states);
  const complaints: TriageComplaint[] = Object.entries(trace.byComplaint ?? {}).map(([caseNo, t]) => {
    const c = byCase.get(caseNo)!;
    const holdingKzt = round2(sum(t.holdingKzt));
    const lag = lagOf(caseNo);
    return {
      caseNo,
      victimAccount: c.victimAccount,
      tracedKzt: t.tracedKzt,
      ...(c.incidentAt !== undefined && c.incidentAt !== null ? { incidentAt: c.incidentAt } : {}),
      registeredAt: c.registeredAt,
      ...(lag !== undefined ? { reportLagMs: lag } : {}),
      holdingKzt,
      exitsKzt: round2(sum(t.exitsKzt)),
      untracedKzt: t.untracedKzt,
      recoverableShare: t.tracedKzt > 0 ? holdingKzt / t.tracedKzt : 0,
      frozenKzt: recovered.get(caseNo)?.frozenKzt ?? 0,
      returnedKzt: recovered.get(caseNo)?.returnedKzt ?? 0,
    };
  });

  return {
    asOf: trace.asOf,
    currencies: trace.currencies ?? [],
    holdings,
    complaints,
    totalHoldingKzt: round2(holdings.reduce((s, h) => s + h.amountKzt, 0)),
    totalHeldKzt: round2(holdings.reduce((s, h) => s + h.heldKzt, 0)),
  };
}
