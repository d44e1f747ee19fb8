/**
 * Communities on the graph of hypotheses (docs/DETECTION.md § 4), not on the raw transfer graph: its nodes are
 * the suspects (drops, hubs, organiser candidates); its edges are transfers between them, identifiers they share,
 * the same reported or unreported victim paying two of them, and the same crypto wallet named in their payments.
 * Exits are left out on purpose: one exchange serves many rings and would glue them together.
 *
 * Louvain (Blondel et al. 2008, graphology-communities-louvain) runs with a seeded random source (mulberry32), so a
 * seed reproduces the communities. Connected components of same-controller links (identifiers.ts) are the
 * cross-check: how many of them Louvain split over several communities is reported with the run.
 */
import { UndirectedGraph } from "graphology";
import louvainModule from "graphology-communities-louvain";
import type { AccountRole } from "../../../model/graph.js";
import type { IdentifierIndex } from "./identifiers.js";
import type { IndexedProjection } from "./indexed.js";
import type { Pairs } from "./pairs.js";

// The package is CommonJS with `export default` typings: under NodeNext the default import is module.exports.
const louvain = louvainModule as unknown as typeof louvainModule.default;

/** mulberry32: a small, fast 32-bit seeded PRNG (Tommy Ettinger, public domain). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CommunityOptions {
  seed: number;
  resolution: number;
  flowWeight: number;
  identifierWeight: number;
  /** A victim or wallet shared by more suspects than this links none of them. */
  maxGroup: number;
}

export interface CommunityResult {
  /** Community number per member account (index); members only. */
  community: Map<number, number>;
  graphNodes: number;
  graphEdges: number;
  modularity: number;
}

/** Build the hypothesis graph over `members` and run seeded Louvain on it. */
export function findCommunities(
  ix: IndexedProjection,
  pairs: Pairs,
  ids: IdentifierIndex,
  role: AccountRole[],
  members: number[],
  opts: CommunityOptions,
): CommunityResult {
  const g = new UndirectedGraph<Record<string, never>, { weight: number }>();
  for (const a of members) g.addNode(ix.keys[a]);
  const link = (a: string, b: string, w: number) => {
    if (a === b || w <= 0) return;
    if (g.hasEdge(a, b)) g.updateEdgeAttribute(a, b, "weight", (x) => (x ?? 0) + w);
    else g.addEdge(a, b, { weight: w });
  };
  const isMember = new Uint8Array(ix.n);
  for (const a of members) isMember[a] = 1;
  // Transfers between suspects, one link per ordered pair (the aggregated pairs: only the suspects' part is read).
  for (const a of members) {
    for (let i = pairs.outStart[a]; i < pairs.outStart[a + 1]; i++) {
      const r = pairs.to[pairs.outIdx[i]];
      if (isMember[r]) link(ix.keys[a], ix.keys[r], opts.flowWeight);
    }
  }
  const memberIds = new Set<number>();
  for (const a of members) for (const id of ids.byAccount.get(a) ?? []) memberIds.add(id);
  for (const id of [...memberIds].sort((x, y) => x - y)) {
    const inside = ids.shared[id].accounts.filter((a) => isMember[a]);
    for (let i = 0; i < inside.length; i++) {
      for (let j = i + 1; j < inside.length; j++)
        link(ix.keys[inside[i]], ix.keys[inside[j]], opts.identifierWeight);
    }
  }

  // The same victim paying two suspects; the same wallet named by two suspects' payments.
  const byVictim = new Map<number, number[]>();
  for (const a of members) {
    for (let i = pairs.inStart[a]; i < pairs.inStart[a + 1]; i++) {
      const s = pairs.from[pairs.inIdx[i]];
      if (role[s] !== "victim") continue;
      const list = byVictim.get(s) ?? [];
      list.push(a);
      byVictim.set(s, list);
    }
  }
  const byWallet = new Map<string, Set<number>>();
  for (const a of members) {
    for (let i = ix.evStart[a]; i < ix.evStart[a + 1]; i++) {
      if (ix.ev[i] & 1) continue;
      for (const addr of ix.transfers[ix.ev[i] >> 1].wallets ?? []) {
        const set = byWallet.get(addr) ?? new Set<number>();
        set.add(a);
        byWallet.set(addr, set);
      }
    }
  }
  for (const group of [...byVictim.values(), ...[...byWallet.values()].map((s) => [...s])]) {
    if (group.length < 2 || group.length > opts.maxGroup) continue;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++)
        link(ix.keys[group[i]], ix.keys[group[j]], opts.identifierWeight);
    }
  }

  const detailed = louvain.detailed(g, {
    resolution: opts.resolution,
    rng: mulberry32(opts.seed),
    getEdgeWeight: "weight",
  });
  const community = new Map<number, number>();
  for (const [key, c] of Object.entries(detailed.communities)) community.set(ix.indexOf.get(key)!, c);
  return { community, graphNodes: g.order, graphEdges: g.size, modularity: detailed.modularity };
}
