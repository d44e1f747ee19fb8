/**
 * Projection → graphology: accounts as nodes, transfers aggregated into one directed edge per ordered account pair
 * (count, KZT sum, first and last time), and undirected edges between accounts that share a device, phone, IP, card
 * or owner. Builds only the part of the graph asked for (`include`), because building graphology graphs dominates
 * the cost at scale (docs/DETECTION.md: ~35 s and 3 GiB for 1M nodes / 5M edges).
 */
import { MultiGraph } from "graphology";
import type { IdentifierLink, Projection } from "../../model/analysis.js";

export interface AccountNodeAttributes {
  key: string;
  bank?: string;
  watchlist?: string;
  accountKind?: string;
}

export type AccountEdgeAttributes =
  | { kind: "transfer"; count: number; sumKzt: number; firstTs: number; lastTs: number }
  | { kind: "shared"; type: IdentifierLink["type"]; values: string[] };

export interface AccountGraphOptions {
  /** Keep only accounts for which this returns true (both ends of an edge must be kept). Default: all. */
  include?: (key: string) => boolean;
  /** Add aggregated transfer edges (default true). */
  transfers?: boolean;
  /** Add shared-identifier edges (default true). */
  identifiers?: boolean;
  /** Identifiers used by more accounts than this are left out (public IPs, shared offices). Default 10. */
  maxAccountsPerIdentifier?: number;
}

/**
 * Build a mixed multigraph: directed `transfer` edges keyed `flow:<from>-><to>`, undirected `shared` edges keyed
 * `shared:<type>:<a>--<b>` (one per identifier type and pair, listing the shared values). Withdrawals are left out.
 */
export function buildAccountGraph(
  projection: Projection,
  opts: AccountGraphOptions = {},
): MultiGraph<AccountNodeAttributes, AccountEdgeAttributes> {
  const include = opts.include ?? (() => true);
  const graph = new MultiGraph<AccountNodeAttributes, AccountEdgeAttributes>();
  const addNode = (key: string) => {
    if (!graph.hasNode(key)) graph.addNode(key, { key });
  };
  for (const a of projection.accounts) {
    if (!include(a.key)) continue;
    graph.addNode(a.key, {
      key: a.key,
      ...(a.bank !== undefined && { bank: a.bank }),
      ...(a.watchlist !== undefined && { watchlist: a.watchlist }),
      ...(a.accountKind !== undefined && { accountKind: a.accountKind }),
    });
  }

  if (opts.transfers !== false) {
    for (const t of projection.transfers) {
      if (t.atm || t.from === t.to || !include(t.from) || !include(t.to)) continue;
      addNode(t.from);
      addNode(t.to);
      const key = `flow:${t.from}->${t.to}`;
      if (graph.hasEdge(key)) {
        const e = graph.getEdgeAttributes(key) as Extract<AccountEdgeAttributes, { kind: "transfer" }>;
        e.count++;
        e.sumKzt += t.amountKzt;
        if (t.ts < e.firstTs) e.firstTs = t.ts;
        if (t.ts > e.lastTs) e.lastTs = t.ts;
      } else {
        graph.addDirectedEdgeWithKey(key, t.from, t.to, {
          kind: "transfer",
          count: 1,
          sumKzt: t.amountKzt,
          firstTs: t.ts,
          lastTs: t.ts,
        });
      }
    }
  }

  if (opts.identifiers !== false) {
    const max = opts.maxAccountsPerIdentifier ?? 10;
    const groups = new Map<string, { type: IdentifierLink["type"]; value: string; accounts: Set<string> }>();
    // Count every account using an identifier (a public IP stays public), then link only the included ones.
    for (const l of projection.identifiers) {
      const k = `${l.type}\u0000${l.value}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { type: l.type, value: l.value, accounts: new Set() }));
      g.accounts.add(l.account);
    }
    for (const g of groups.values()) {
      if (g.accounts.size < 2 || g.accounts.size > max) continue;
      const accounts = [...g.accounts].filter(include).sort();
      for (let i = 0; i < accounts.length; i++) {
        for (let j = i + 1; j < accounts.length; j++) {
          const [a, b] = [accounts[i], accounts[j]];
          addNode(a);
          addNode(b);
          const key = `shared:${g.type}:${a}--${b}`;
          if (graph.hasEdge(key)) {
            const e = graph.getEdgeAttributes(key) as Extract<AccountEdgeAttributes, { kind: "shared" }>;
            e.values.push(g.value);
          } else {
            graph.addUndirectedEdgeWithKey(key, a, b, { kind: "shared", type: g.type, values: [g.value] });
          }
        }
      }
    }
  }
  return graph;
}
