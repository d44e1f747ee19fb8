/**
 * The Neo4j store's windowed history reads (TraceHistoryPort, server/store/ports/recovery.ts): per account, the
 * balance it held when its window starts, folded in Cypher (cypher/history-openings.cypher), and only the transfers
 * from then on (cypher/history-transfers.cypher). docs/RECOVERY.md, "How the triage reads histories", says why.
 */
import type { TransferEdge } from "../../../model/graph.js";
import { sumInflowRuns, type UnlistedInflow } from "../history-runs.js";
import type { HistoryWindows, HistoryWindowsQuery } from "../types.js";
import { byTsThenTxId, toTransferEdge } from "./mapping.js";
import type { CypherRunner } from "./runner.js";

/** The accounts' opening balances and their transfers from each window's start (TraceHistoryPort). */
export async function historyWindows(runner: CypherRunner, q: HistoryWindowsQuery): Promise<HistoryWindows> {
  if (q.windows.length === 0) return { openings: [], transfers: [], sums: [] };
  // One window per account: the earliest start when one is named twice.
  const start = new Map<string, number>();
  for (const { account, from } of q.windows) start.set(account, Math.min(start.get(account) ?? from, from));
  const windows = [...start].map(([account, from]) => ({ account, from }));
  const rates = Object.fromEntries(Object.entries(q.rates ?? {}).filter(([code]) => code !== "KZT"));
  // The senders listed whole: the caller's and the windows' own accounts (their outflows); null lists everything.
  const listed = q.listedSenders ? [...new Set([...q.listedSenders, ...start.keys()])] : null;
  // One read transaction: the balances and the transfers after them come from one snapshot.
  const [openingRows, transferRows] = await runner.readTx(async (run) => [
    await run("historyOpenings", { windows, rates }),
    await run("historyTransfers", { windows, until: q.until ?? null, listed, rates }),
  ]);
  const opening = new Map(openingRows.map((r) => [r.account, r.openingTiyn]));
  const seen = new Map(transferRows.map((row) => [row.txId, row]));
  const transfers: TransferEdge[] = [];
  const unlisted: UnlistedInflow[] = [];
  for (const row of seen.values()) {
    if (row.listed) transfers.push(toTransferEdge(row));
    else unlisted.push({ account: row.toKey, ts: row.ts, txId: row.txId, tiyn: row.tiyn });
  }
  transfers.sort(byTsThenTxId);
  return {
    openings: windows.map(({ account, from }) => ({ account, from, openingTiyn: opening.get(account) ?? 0 })),
    transfers,
    sums: sumInflowRuns(start, transfers, unlisted),
  };
}
