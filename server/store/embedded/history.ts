/**
 * The embedded store's windowed history reads (TraceHistoryPort, server/store/ports/recovery.ts): per account, the
 * balance it held when its window starts, summed in SQL, and only the transfers from then on. docs/RECOVERY.md, "How
 * the triage reads histories", says why.
 */
import type Database from "better-sqlite3";
import type { HistoryWindows, HistoryWindowsQuery } from "../types.js";
import { byTime, rawToEdge, TRANSFER_COLUMNS, WITHDRAWAL_COLUMNS, type RawEdge } from "./queries.js";
import { prepared } from "./statements.js";

/** The windows as a table: (account, start) from a JSON array of [account, from] pairs. */
const WINDOWS = `w(account, start) AS (
  SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@windows))`;

/**
 * A transfer's (or withdrawal's, alias `x`) amount in tiyn, as the tracer counts it (analytics/trace/amounts.ts):
 * amount × rate for a currency with a rate, else amountKzt, × 100 rounded half up. Rates are bound as numbers
 * (@c0/@r0, @c1/@r1 …) so that they are the caller's doubles exactly.
 */
function tiynOf(rates: [string, number][]): string {
  const kzt = rates.length
    ? `CASE upper(x.currency) ${rates.map((_, i) => `WHEN @c${i} THEN x.amount * @r${i}`).join(" ")}
       ELSE x.amount_kzt END`
    : "x.amount_kzt";
  return `CAST(round((${kzt}) * 100) AS INTEGER)`;
}

/**
 * Opening balances: each account's moves before its window (outflows negative), and their running sum in replay
 * order (ts, then outflows before inflows). Replayed from 0 with the balance floored at 0, an account ends at
 * total − min(0, lowest running sum) (the lowest point is what the floor lifted the balance by); peers at one
 * (ts, side) share one running sum, which is enough: within a run of outflows the sum falls, within inflows it rises.
 */
function openingsSql(rates: [string, number][]): string {
  const tiyn = tiynOf(rates);
  return `WITH ${WINDOWS},
    moves(account, ts, side, tiyn) AS (
      SELECT w.account, x.ts, 0, -${tiyn} FROM w JOIN transfers x ON x.from_key = w.account AND x.ts < w.start
      UNION ALL
      SELECT w.account, x.ts, 1, ${tiyn} FROM w JOIN transfers x ON x.to_key = w.account AND x.ts < w.start
      UNION ALL
      SELECT w.account, x.ts, 0, -${tiyn} FROM w JOIN withdrawals x ON x.account = w.account AND x.ts < w.start),
    run(account, s, total) AS (
      SELECT account, SUM(tiyn) OVER (PARTITION BY account ORDER BY ts, side), SUM(tiyn) OVER (PARTITION BY account)
      FROM moves)
    SELECT account, MAX(total) - MIN(0, MIN(s)) FROM run GROUP BY account`;
}

const TRANSFERS_SQL = `WITH ${WINDOWS}
  SELECT ${TRANSFER_COLUMNS} FROM transfers t WHERE t.tx_id IN (
    SELECT x.tx_id FROM w JOIN transfers x ON x.from_key = w.account AND x.ts >= w.start AND x.ts <= @until
    UNION
    SELECT x.tx_id FROM w JOIN transfers x ON x.to_key = w.account AND x.ts >= w.start AND x.ts <= @until)
  UNION ALL
  SELECT ${WITHDRAWAL_COLUMNS} FROM w JOIN withdrawals d ON d.account = w.account AND d.ts >= w.start
    AND d.ts <= @until JOIN cashpoints c ON c.atm_id = d.atm_id`;

/** The accounts' opening balances and their transfers from each window's start (TraceHistoryPort). */
export function historyWindows(db: Database.Database, q: HistoryWindowsQuery): HistoryWindows {
  if (q.windows.length === 0) return { openings: [], transfers: [] };
  // One window per account: the earliest start when one is named twice.
  const start = new Map<string, number>();
  for (const { account, from } of q.windows) start.set(account, Math.min(start.get(account) ?? from, from));
  const windows = JSON.stringify([...start]);
  const rates = Object.entries(q.rates ?? {}).filter(([code]) => code !== "KZT");
  const rateParams: Record<string, string | number> = {};
  rates.forEach(([code, rate], i) => {
    rateParams[`c${i}`] = code;
    rateParams[`r${i}`] = rate;
  });

  const opening = new Map(
    prepared(db, openingsSql(rates))
      .raw(true)
      .all({ windows, ...rateParams }) as [string, number][],
  );
  const rows = prepared(db, TRANSFERS_SQL)
    .raw(true)
    .all({ windows, until: q.until ?? Number.MAX_SAFE_INTEGER }) as RawEdge[];
  return {
    openings: [...start].map(([account, from]) => ({
      account,
      from,
      openingTiyn: opening.get(account) ?? 0,
    })),
    transfers: rows.map(rawToEdge).sort(byTime),
  };
}
