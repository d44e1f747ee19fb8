/**
 * A hand-built TraceResult (model/trace.ts) for the subgraph in subgraph.fixtures.ts: the victim's 1 500 000,50 KZT
 * went through two drops; 1 000 000 reached an exchange, 300 000 an ATM abroad, the rest is still held by the drops.
 */
import type { TraceResult } from "../../model/trace.js";
import { DROP_1, DROP_2, EXCHANGE } from "./subgraph.fixtures.js";

export const CASE_NO = "241500031000123";

export function evidenceTrace(): TraceResult {
  const t0 = Date.UTC(2024, 4, 2, 9, 0, 0);
  return {
    complaints: [CASE_NO],
    tracedKzt: 1_500_000.5,
    exitsKzt: { [EXCHANGE]: 1_000_000, "ATM-TR-0042": 300_000 },
    holdingKzt: { [DROP_1]: 150_000.05, [DROP_2]: 50_000.45 },
    untracedKzt: 0,
    edges: [
      { from: "KZ86125KZT5004100100", to: DROP_1, txId: "REF-0001", ts: t0, tracedKzt: 1_000_000 },
      { from: "KZ86125KZT5004100100", to: DROP_1, txId: "REF-0002", ts: t0 + 60_000, tracedKzt: 500_000.5 },
      { from: DROP_1, to: DROP_2, txId: "REF-0003", ts: t0 + 3_600_000, tracedKzt: 1_350_000.45 },
      { from: DROP_2, to: EXCHANGE, txId: "REF-0004", ts: t0 + 7_200_000, tracedKzt: 1_000_000 },
      { from: DROP_2, to: "atm:ATM-TR-0042", txId: "ATM-0005", ts: t0 + 9_000_000, tracedKzt: 300_000 },
    ],
    params: { method: "fifo", windowMs: 30 * 86_400_000, maxHops: 10, minTracedKzt: 1 },
    exits: [
      { id: EXCHANGE, kind: "watchlist", amountKzt: 1_000_000, txIds: ["REF-0004"] },
      { id: "ATM-TR-0042", kind: "atm_abroad", amountKzt: 300_000, txIds: ["ATM-0005"] },
    ],
    freezeList: [
      {
        account: DROP_1,
        bank: "CASPKZKA",
        amountKzt: 150_000.05,
        arrivedAt: t0 + 60_000,
        heldForMs: 5 * 86_400_000,
      },
      { account: DROP_2, amountKzt: 50_000.45, arrivedAt: t0 + 3_600_000, heldForMs: 4 * 86_400_000 },
    ],
    untraced: [],
    asOf: t0 + 6 * 86_400_000,
  };
}
