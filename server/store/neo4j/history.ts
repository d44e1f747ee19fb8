/**
 * The Neo4j store's windowed history reads (TraceHistoryPort, server/store/ports/recovery.ts): per account, the
 * balance it held when its window starts, folded in Cypher (cypher/history-openings.cypher), and only the transfers
 * from then on (cypher/history-transfers.cypher). docs/RECOVERY.md, "How the triage reads histories", says why.
 */
import type { HistoryWindows, HistoryWindowsQuery } from "../types.js";
import { byTsThenTxId, toTransferEdge } from "./mapping.js";
import type { CypherRunner } from "./runner.js";

/** The accounts' opening balances and their transfers from each window's start (TraceHistoryPort). */
export async function historyWindows(runner: CypherRunner, q: HistoryWindowsQuery): Promise<HistoryWindows> {
  if (q.windows.length === 0) return { openings: [], transfers: [] };
  // One window per account: the earliest start when one is named twice.
  const start = new Map<string, number>();
  for (const { account, from } of q.windows) start.set(account, Math.min(start.get(account) ?? from, from));
  const windows = [...start].map(([account, from]) => ({ account, from }));
  const rates = Object.fromEntries(Object.entries(q.rates ?? {}).filter(([code]) => code !== "KZT"));
  // One read transaction: the balances and the transfers after them come from one snapshot.
  const [openingRows, transferRows] = await runner.readTx(async (run) => [
    await run("historyOpenings", { windows, rates }),
    await run("historyTransfers", { windows, until: q.until ?? null }),
  ]);
  const opening = new Map(openingRows.map((r) => [r.account, r.openingTiyn]));
  const seen = new Map(transferRows.map((row) => [row.txId, row]));
  return {
    openings: windows.map(({ account, from }) => ({ account, from, openingTiyn: opening.get(account) ?? 0 })),
    transfers: [...seen.values()].map(toTransferEdge).sort(byTsThenTxId),
  };
}
