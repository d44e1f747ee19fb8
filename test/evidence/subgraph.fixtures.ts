/**
 * A hand-built evidence subgraph in the shape of model/graph.ts Subgraph, as a store's neighbourhood() returns it:
 * a victim, two drops (one named like a spreadsheet formula), an exchange exit, a cash withdrawal, two transfers
 * between the same pair (a multigraph), Cyrillic labels, XML-hostile text and provenance on every money edge.
 */
import type { GraphEdge, GraphNode, Subgraph } from "../../model/graph.js";

export const FILE_A = "a".repeat(64);
export const FILE_B = "b".repeat(64);

function account(key: string, label: string, extra: Partial<GraphNode> = {}): GraphNode {
  return {
    id: `account:${key}`,
    type: "account",
    key,
    label,
    props: { iban: key, bank: "CASPKZKA", currency: "KZT" },
    ...extra,
  };
}

function transfer(
  txId: string,
  from: string,
  to: string,
  amountKzt: number,
  ts: number,
  line: number,
): GraphEdge {
  return {
    id: `tx:${txId}`,
    type: "TRANSFER",
    source: `account:${from}`,
    target: `account:${to}`,
    props: { txId, ts, amount: amountKzt, currency: "KZT", amountKzt, purpose: 'Перевод <срочно> & "тихо"' },
    sources: [
      { file: FILE_A, line },
      { file: FILE_B, line: line + 100 },
    ],
  };
}

export const VICTIM = "KZ86125KZT5004100100";
export const DROP_1 = "KZ11722S000001234567";
export const DROP_2 = "KZ22722S000007654321";
export const EXCHANGE = "KZ33601A871000000001";

export function evidenceSubgraph(): Subgraph {
  const t0 = Date.UTC(2024, 4, 2, 9, 0, 0);
  const nodes: GraphNode[] = [
    account(VICTIM, "Ахметова Айгерим", { role: "victim", score: 0.1, community: "c1" }),
    account(DROP_1, '=HYPERLINK("http://evil.example","click")', {
      role: "drop",
      score: 0.87,
      community: "c1",
      reasons: ["passes on 90% of inflow within 40 minutes", "shares a device with 2 accounts"],
    }),
    account(DROP_2, "+1", { role: "hub", score: 0.93, community: "c1" }),
    account(EXCHANGE, "@SUM(A1:A9)", {
      role: "exit",
      props: { iban: EXCHANGE, watchlist: "exchange", open: true },
    }),
    {
      id: "cashpoint:ATM-TR-0042",
      type: "cashpoint",
      key: "ATM-TR-0042",
      label: "-2",
      props: { atmId: "ATM-TR-0042", country: "TR" },
    },
    {
      id: "complaint:241500031000123",
      type: "complaint",
      key: "241500031000123",
      label: "Дело 241500031000123\tвкладка\u0001",
      props: { caseNo: "241500031000123", lossKzt: 1_500_000.5, registeredAt: t0 + 86_400_000 * 3 },
    },
  ];
  const edges: GraphEdge[] = [
    transfer("REF-0001", VICTIM, DROP_1, 1_000_000, t0, 12),
    transfer("REF-0002", VICTIM, DROP_1, 500_000.5, t0 + 60_000, 13),
    transfer("REF-0003", DROP_1, DROP_2, 1_350_000.45, t0 + 3_600_000, 14),
    transfer("REF-0004", DROP_2, EXCHANGE, 1_000_000, t0 + 7_200_000, 15),
    {
      id: `WITHDREW:account:${DROP_2}->cashpoint:ATM-TR-0042`,
      type: "WITHDREW",
      source: `account:${DROP_2}`,
      target: "cashpoint:ATM-TR-0042",
      props: { txId: "ATM-0005", ts: t0 + 9_000_000, amount: 300_000, currency: "KZT", amountKzt: 300_000 },
      sources: [{ file: FILE_B, line: 40 }],
    },
    {
      id: `REPORTED:complaint:241500031000123->account:${VICTIM}`,
      type: "REPORTED",
      source: "complaint:241500031000123",
      target: `account:${VICTIM}`,
      props: {},
    },
  ];
  return { nodes, edges, truncated: false };
}
