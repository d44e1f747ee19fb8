/**
 * The embedded store's windowed history reads (TraceHistoryPort, server/store/ports/recovery.ts): per account, the
 * balance it held when its window starts, replayed here from the few columns of its older transfers, and only the
 * transfers from then on in full. docs/RECOVERY.md, "How
 * the triage reads histories", says why.
 */
import type Database from "better-sqlite3";
import type { TransferEdge } from "../../../model/graph.js";
import { sumInflowRuns, type UnlistedInflow } from "../history-runs.js";
import type { HistoryWindows, HistoryWindowsQuery } from "../types.js";
import { byTime, rawToEdge, TRANSFER_COLUMNS, WITHDRAWAL_COLUMNS, type RawEdge } from "./queries.js";
import { prepared } from "./statements.js";

/** The windows as a table: (account, start) from a JSON array of [account, from] pairs. */
const WINDOWS = `w(account, start) AS (
  SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@windows))`;

/**
 * A transfer's (or withdrawal's) amount in tiyn, as the tracer counts it (analytics/trace/amounts.ts): amount × rate
 * for a currency with a rate, else amountKzt, × 100 rounded half up. Rates are bound as numbers (@c0/@r0, @c1/@r1 …)
 * so that they are the caller's doubles exactly.
 */
function tiynOf(alias: string, rates: [string, number][]): string {
  const kzt = rates.length
    ? `CASE upper(${alias}.currency) ${rates.map((_, i) => `WHEN @c${i} THEN ${alias}.amount * @r${i}`).join(" ")}
       ELSE ${alias}.amount_kzt END`
    : `${alias}.amount_kzt`;
  return `CAST(round((${kzt}) * 100) AS INTEGER)`;
}

/**
 * The moves before the windows: (from, to, ts, tiyn) of each transfer of a window's account before its start, and
 * (account, NULL, ts, tiyn) of each withdrawal. As in queries.transfers, the ids come from the (account, ts) indexes
 * alone and the rows are then read in id order, which visits the table's pages in order.
 */
function movesSql(rates: [string, number][]): string {
  return `WITH ${WINDOWS}
    SELECT t.from_key, t.to_key, t.ts, ${tiynOf("t", rates)} FROM transfers t WHERE t.tx_id IN (
      SELECT x.tx_id FROM w JOIN transfers x ON x.from_key = w.account AND x.ts < w.start
      UNION
      SELECT x.tx_id FROM w JOIN transfers x ON x.to_key = w.account AND x.ts < w.start)
    UNION ALL
    SELECT d.account, NULL, d.ts, ${tiynOf("d", rates)} FROM withdrawals d WHERE d.tx_id IN (
      SELECT x.tx_id FROM w JOIN withdrawals x ON x.account = w.account AND x.ts < w.start)`;
}

/**
 * Opening balances from the moves before the windows: per account, its moves in replay order (ts, then outflows
 * before inflows; the order within either does not change the result), from 0, the balance floored at 0.
 */
function openings(
  start: Map<string, number>,
  rows: Iterable<[string, string | null, number, number]>,
): Map<string, number> {
  // Per account, flat (ts, side, tiyn) triples: side 0 out, 1 in.
  const moves = new Map<string, number[]>();
  const add = (account: string, ts: number, side: number, tiyn: number): void => {
    if (!(ts < start.get(account)!)) return;
    let list = moves.get(account);
    if (!list) moves.set(account, (list = []));
    list.push(ts, side, tiyn);
  };
  for (const [from, to, ts, tiyn] of rows) {
    if (start.has(from)) add(from, ts, 0, tiyn);
    if (to !== null && start.has(to)) add(to, ts, 1, tiyn);
  }
  const out = new Map<string, number>();
  for (const [account, list] of moves) {
    const order = Array.from({ length: list.length / 3 }, (_, i) => i * 3);
    order.sort((a, b) => list[a]! - list[b]! || list[a + 1]! - list[b + 1]!);
    let balance = 0;
    for (const i of order)
      balance = list[i + 1] === 0 ? Math.max(0, balance - list[i + 2]!) : balance + list[i + 2]!;
    out.set(account, balance);
  }
  return out;
}

const TRANSFERS_SQL = `WITH ${WINDOWS}
  SELECT ${TRANSFER_COLUMNS} FROM transfers t WHERE t.tx_id IN (
    SELECT x.tx_id FROM w JOIN transfers x ON x.from_key = w.account AND x.ts >= w.start AND x.ts <= @until
    UNION
    SELECT x.tx_id FROM w JOIN transfers x ON x.to_key = w.account AND x.ts >= w.start AND x.ts <= @until)
  UNION ALL
  SELECT ${WITHDRAWAL_COLUMNS} FROM w JOIN withdrawals d ON d.account = w.account AND d.ts >= w.start
    AND d.ts <= @until JOIN cashpoints c ON c.atm_id = d.atm_id`;

/**
 * The windows' transfers when only some senders' inflows are listed (HistoryWindowsQuery.listedSenders): the same
 * rows, each joined to the listed senders (@listed and the windows' own accounts, whose outflows are always listed).
 * A listed row comes whole (its from_key is the joined sender); an inflow from anyone else comes as its id, receiver,
 * time and amount in tiyn only (from_key NULL), for the runs to sum: its purpose, wallets and the rest are not read.
 */
function windowRowsSql(rates: [string, number][]): string {
  const whole = (column: string): string => `CASE WHEN k.account IS NOT NULL THEN ${column} END`;
  return `WITH ${WINDOWS},
    k(account) AS (SELECT value FROM json_each(@listed) UNION SELECT account FROM w)
  SELECT t.tx_id, k.account, t.to_key, t.ts, ${whole("t.amount")}, ${whole("t.currency")}, ${whole("t.amount_kzt")},
    ${whole("t.purpose")},
    ${whole("(SELECT group_concat(x.address, ' ') FROM transfer_wallets x WHERE x.tx_id = t.tx_id)")},
    NULL, NULL, CASE WHEN k.account IS NULL THEN ${tiynOf("t", rates)} END
  FROM transfers t LEFT JOIN k ON k.account = t.from_key WHERE t.tx_id IN (
    SELECT x.tx_id FROM w JOIN transfers x ON x.from_key = w.account AND x.ts >= w.start AND x.ts <= @until
    UNION
    SELECT x.tx_id FROM w JOIN transfers x ON x.to_key = w.account AND x.ts >= w.start AND x.ts <= @until)
  UNION ALL
  SELECT ${WITHDRAWAL_COLUMNS}, NULL FROM w JOIN withdrawals d ON d.account = w.account AND d.ts >= w.start
    AND d.ts <= @until JOIN cashpoints c ON c.atm_id = d.atm_id`;
}

/** A row of windowRowsSql: a RawEdge, from_key NULL for an inflow to be summed, and then that inflow's tiyn. */
type WindowRow = [...RawEdge, number | null];

/** The accounts' opening balances and their transfers from each window's start (TraceHistoryPort). */
export function historyWindows(db: Database.Database, q: HistoryWindowsQuery): HistoryWindows {
  if (q.windows.length === 0) return { openings: [], transfers: [], sums: [] };
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

  // Rows are taken one at a time (iterated, so on a statement of their own): a row's strings and array die young,
  // instead of every row surviving the garbage collector's young-generation copies while the whole result is built.
  const opening = openings(
    start,
    db
      .prepare(movesSql(rates))
      .raw(true)
      .iterate({ windows, ...rateParams }) as IterableIterator<[string, string | null, number, number]>,
  );
  const openingRows = [...start].map(([account, from]) => ({
    account,
    from,
    openingTiyn: opening.get(account) ?? 0,
  }));
  const until = q.until ?? Number.MAX_SAFE_INTEGER;
  if (!q.listedSenders) {
    const rows = prepared(db, TRANSFERS_SQL).raw(true).all({ windows, until }) as RawEdge[];
    return { openings: openingRows, transfers: rows.map(rawToEdge).sort(byTime), sums: [] };
  }
  const rows = db
    .prepare(windowRowsSql(rates))
    .raw(true)
    .iterate({
      windows,
      until,
      listed: JSON.stringify(q.listedSenders),
      ...rateParams,
    }) as IterableIterator<WindowRow>;
  const transfers: TransferEdge[] = [];
  const unlisted: UnlistedInflow[] = [];
  // An unlisted inflow's receiver is a window's account: its key is shared rather than kept once per row.
  const keyOf = new Map([...start.keys()].map((k) => [k, k]));
  for (const row of rows) {
    if (row[1] !== null) transfers.push(rawToEdge(row as unknown as RawEdge));
    else unlisted.push({ account: keyOf.get(row[2]) ?? row[2], ts: row[3], txId: row[0], tiyn: row[11]! });
  }
  transfers.sort(byTime);
  return { openings: openingRows, transfers, sums: sumInflowRuns(start, transfers, unlisted) };
}
