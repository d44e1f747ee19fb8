/**
 * Resolves what to export against a store: a ranked cluster's member accounts, a complaint's traced money flow,
 * or a list of accounts, each as the subgraph a package shows.
 */
import { nodeId, parseNodeId, type GraphEdge, type NodeId, type Subgraph } from "../../model/graph.js";
import type { TraceResult } from "../../model/trace.js";
import { traceFunds, TraceNotFoundError } from "../analytics/trace/index.js";
import type { AnalysisPort } from "../store/ports/analysis.js";
import type { GraphReadPort } from "../store/ports/graph.js";
import type { TraceHistoryPort } from "../store/ports/recovery.js";
import { EvidenceInputError, EvidenceNotFoundError } from "./errors.js";
import type { EvidenceSelection, ResolvedSelection } from "./types.js";

/** What resolving a selection reads: the graph and the latest analysis (a cluster's members). */
export type SelectionStore = GraphReadPort & AnalysisPort & TraceHistoryPort;

const MONEY_TYPES = new Set(["TRANSFER", "WITHDREW"]);

/** An account key, or a node id as given (`account:…`, `wallet:…`). */
function toNodeId(value: string): NodeId {
  return parseNodeId(value) ? value : nodeId("account", value);
}

async function induced(store: SelectionStore, ids: NodeId[]): Promise<Subgraph> {
  const unique = [...new Set(ids)];
  return store.neighbourhood(unique, { depth: 0, nodeCap: unique.length });
}

function txIdOf(edge: GraphEdge): string | undefined {
  if (typeof edge.props.txId === "string") return edge.props.txId;
  return edge.id.startsWith("tx:") ? edge.id.slice(3) : undefined;
}

/** Where a traced edge ends: an account, or the cash point of a withdrawal (`atm:<id>`). */
function tracedEnd(key: string): NodeId {
  return key.startsWith("atm:") ? nodeId("cashpoint", key.slice(4)) : nodeId("account", key);
}

/**
 * The flow subgraph of a trace: the accounts, cash points and wallets the money reached, the complaint, and only
 * the transfers that carried traced money, each with its `tracedKzt`.
 */
async function traceSubgraph(store: SelectionStore, caseNo: string, trace: TraceResult): Promise<Subgraph> {
  const complaint = await store.complaint(caseNo);
  const ids: NodeId[] = [nodeId("complaint", caseNo)];
  if (complaint) ids.push(nodeId("account", complaint.victimAccount));
  for (const e of trace.edges) ids.push(tracedEnd(e.from), tracedEnd(e.to));
  for (const x of trace.exits) if (x.kind === "wallet") ids.push(nodeId("wallet", x.id));
  const sub = await induced(store, ids);

  const traced = new Map<string, number>();
  for (const e of trace.edges) traced.set(e.txId, (traced.get(e.txId) ?? 0) + e.tracedKzt);
  const edges: GraphEdge[] = [];
  for (const edge of sub.edges) {
    if (!MONEY_TYPES.has(edge.type)) {
      edges.push(edge);
      continue;
    }
    const tx = txIdOf(edge);
    const amount = tx === undefined ? undefined : traced.get(tx);
    if (amount !== undefined) edges.push({ ...edge, props: { ...edge.props, tracedKzt: amount } });
  }
  return { ...sub, edges };
}

/** A selection in one line, for audit targets. */
export function describeSelection(selection: EvidenceSelection): string {
  if ("trace" in selection) return `complaint:${selection.trace}`;
  if ("cluster" in selection) return `cluster:${selection.cluster}`;
  return selection.accounts.map(toNodeId).join(",");
}

/**
 * Resolve a selection to its subgraph and context.
 * @throws EvidenceInputError for an empty selection; EvidenceNotFoundError for an unknown cluster, case or accounts
 */
export async function resolveSelection(
  store: SelectionStore,
  selection: EvidenceSelection,
): Promise<ResolvedSelection> {
  if ("accounts" in selection) {
    const accounts = selection.accounts.map((a) => a.trim()).filter(Boolean);
    if (accounts.length === 0) throw new EvidenceInputError("evidence/selection: no accounts given");
    const subgraph = await induced(store, accounts.map(toNodeId));
    if (subgraph.nodes.length === 0) {
      throw new EvidenceNotFoundError(
        `evidence/selection: none of the accounts is known: ${accounts.join(", ")}`,
      );
    }
    const found = new Set(subgraph.nodes.map((n) => n.id));
    const notFound = accounts.filter((a) => !found.has(toNodeId(a)));
    return { selection: { accounts }, subgraph, ...(notFound.length ? { notFound } : {}) };
  }

  if ("cluster" in selection) {
    const analysis = await store.latestAnalysis();
    if (!analysis) {
      throw new EvidenceNotFoundError(
        "evidence/selection: no analysis has run yet (run `mulegraph analyze` first)",
      );
    }
    const cluster = analysis.clusters.find((c) => c.id === selection.cluster);
    if (!cluster) {
      throw new EvidenceNotFoundError(
        `evidence/selection: cluster "${selection.cluster}" is not in the latest analysis run ${analysis.run.runId}`,
      );
    }
    const subgraph = await induced(store, cluster.members.map(toNodeId));
    return { selection, subgraph, cluster, analysisRun: analysis.run };
  }

  const caseNo = selection.trace.trim();
  if (!caseNo) throw new EvidenceInputError("evidence/selection: no case number given");
  let trace: TraceResult;
  try {
    trace = await traceFunds(store, { complaints: [caseNo] });
  } catch (err) {
    if (err instanceof TraceNotFoundError)
      throw new EvidenceNotFoundError(`evidence/selection: ${err.message}`);
    throw err;
  }
  return { selection: { trace: caseNo }, subgraph: await traceSubgraph(store, caseNo, trace), trace };
}
