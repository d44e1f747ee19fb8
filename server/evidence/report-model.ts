/**
 * The human-readable report as data: titled sections of facts, tables (with totals), paragraphs and the graph
 * picture. Built once from the resolved selection, then rendered to HTML (report-html.ts) and PDF (report-pdf.ts),
 * so both documents say the same thing. Every string here is plain text; renderers escape it.
 */
import { runCaveats, type ClusterAnalysis } from "../../model/analysis.js";
import { typologyText } from "../../model/typologies.js";
import type { GraphEdge, GraphNode } from "../../model/graph.js";
import type { TraceResult } from "../../model/trace.js";
import {
  formatAlmaty,
  formatDuration,
  formatKzt,
  formatParam,
  formatAmount,
  formatTimestamp,
} from "./format.js";
import { layoutSubgraph } from "./layout.js";
import { buildScene, type Scene } from "./picture.js";
import type { ReportInput } from "./types.js";

export interface ReportColumn {
  title: string;
  align?: "left" | "right";
  /** Relative width weight (default 1). */
  weight?: number;
}

export type ReportBlock =
  | { kind: "facts"; rows: [string, string][] }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "table"; columns: ReportColumn[]; rows: string[][]; total?: string[]; note?: string }
  | { kind: "picture"; scene: Scene; caption: string };

export interface ReportSection {
  title: string;
  blocks: ReportBlock[];
}

export interface ReportDocument {
  title: string;
  /** The case number, or "—" when the export is tied to no case (kept for renderers' metadata). */
  caseNo: string;
  /** What the report is about, for its first line and page footers: "Case 123", else "Cluster c7", … */
  subject: string;
  sections: ReportSection[];
}

/** Tables longer than this are cut in the report; the CSV files in the package hold every row. */
export const REPORT_TABLE_ROWS = 200;
/** The picture's box in PDF points (A4 content width). */
export const PICTURE_SIZE = { width: 515, height: 420 };

const MONEY_TYPES = new Set(["TRANSFER", "WITHDREW"]);

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function cut<T>(rows: T[], what: string, where: string): { rows: T[]; note?: string } {
  if (rows.length <= REPORT_TABLE_ROWS) return { rows };
  return {
    rows: rows.slice(0, REPORT_TABLE_ROWS),
    note: `The first ${REPORT_TABLE_ROWS} of ${rows.length} ${what}; ${where} in this package lists them all.`,
  };
}

function countBy<T>(items: T[], key: (t: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
}

function selectionText(input: ReportInput): string {
  const sel = input.resolved.selection;
  if ("trace" in sel) return `Fund trace of complaint ${sel.trace}`;
  if ("cluster" in sel) {
    const c = input.resolved.cluster;
    return c
      ? `Drop cluster ${sel.cluster} (rank ${c.rank}, score ${c.score.toFixed(3)})`
      : `Cluster ${sel.cluster}`;
  }
  return `Accounts ${sel.accounts.join(", ")}`;
}

/** What the report is about: the case when there is one, else the selection itself (never a bare "Case —"). */
function subjectOf(input: ReportInput): string {
  if (input.caseNo) return `Case ${input.caseNo}`;
  const sel = input.resolved.selection;
  if ("cluster" in sel) return `Cluster ${sel.cluster}`;
  if ("trace" in sel) return `Trace of complaint ${sel.trace}`;
  const [first, ...rest] = sel.accounts;
  return rest.length ? `Accounts ${first} and ${rest.length} more` : `Account ${first ?? "—"}`;
}

/**
 * The opening section: the case, what was exported and by whom, and for a cluster what a reader needs first (roles,
 * money in and out, typologies, reasons, top accounts). Algorithm parameters are in the appendix at the end.
 */
function overviewSection(input: ReportInput): ReportSection {
  const rows: [string, string][] = [
    ["Case number", input.caseNo ?? "none (the export is not tied to a case)"],
    ["Selection", selectionText(input)],
    ["Exported by", input.actor],
    ["Exported at", formatTimestamp(input.exportedAt)],
  ];
  if (input.resolved.notFound?.length) {
    rows.push(["Accounts not found", input.resolved.notFound.join(", ")]);
  }
  if (input.resolved.subgraph.truncated) {
    rows.push(["Warning", "The subgraph was cut at the node cap: it does not show every related entity."]);
  }
  // What the analysis said about its own data belongs beside its findings, not only in the appendix.
  const run = input.resolved.analysisRun;
  for (const caveat of run ? runCaveats(run) : []) rows.push(["Caveat about the data", caveat.text]);
  const blocks: ReportBlock[] = [{ kind: "facts", rows }];
  if (input.resolved.cluster) blocks.push(...clusterBlocks(input, input.resolved.cluster));
  return { title: "Overview", blocks };
}

/** "1 transfer", "2 transfers". */
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** How many top-scored member accounts the overview lists. */
const TOP_ACCOUNTS = 5;

/**
 * A cluster at a glance: its roles, the money that entered it from outside and left it (transfers out and cash),
 * its typologies and reasons, and its highest-scored accounts. Money is counted over the exported subgraph.
 */
function clusterBlocks(input: ReportInput, cluster: ClusterAnalysis): ReportBlock[] {
  const { subgraph } = input.resolved;
  const members = new Set(cluster.members.map((k) => `account:${k}`));
  const flows = new Map<string, { in: number; out: number }>();
  const flow = (id: string) => flows.get(id) ?? flows.set(id, { in: 0, out: 0 }).get(id)!;
  let inflow = 0;
  let inCount = 0;
  let outflow = 0;
  let outCount = 0;
  let cash = 0;
  let cashCount = 0;
  for (const e of subgraph.edges) {
    if (!MONEY_TYPES.has(e.type)) continue;
    const amount = num(e.props.amountKzt) ?? 0;
    const fromMember = members.has(e.source);
    const toMember = members.has(e.target);
    if (fromMember) flow(e.source).out += amount;
    if (toMember) flow(e.target).in += amount;
    if (e.type === "WITHDREW" && fromMember) {
      cash += amount;
      cashCount++;
    } else if (toMember && !fromMember) {
      inflow += amount;
      inCount++;
    } else if (fromMember && !toMember) {
      outflow += amount;
      outCount++;
    }
  }
  const memberNodes = subgraph.nodes.filter((n) => members.has(n.id));
  const facts: [string, string][] = [
    ["Cluster", `${cluster.id}, rank ${cluster.rank}, score ${cluster.score.toFixed(3)}`],
    ["Member accounts", String(cluster.members.length)],
    ["Roles", countBy(memberNodes, (n) => n.role ?? "unscored") || "—"],
    ["Money in (from outside)", `${formatKzt(inflow)} in ${count(inCount, "transfer", "transfers")}`],
    ["Money out (to outside)", `${formatKzt(outflow)} in ${count(outCount, "transfer", "transfers")}`],
    ["Cash withdrawn", `${formatKzt(cash)} in ${count(cashCount, "withdrawal", "withdrawals")}`],
  ];
  if (cluster.typologies?.length) facts.push(["Typologies", typologyText(cluster.typologies)]);
  const blocks: ReportBlock[] = [{ kind: "facts", rows: facts }];
  if (cluster.reasons.length) blocks.push({ kind: "list", items: cluster.reasons });
  const top = [...memberNodes]
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.key.localeCompare(b.key))
    .slice(0, TOP_ACCOUNTS);
  if (top.length) {
    blocks.push({
      kind: "table",
      columns: [
        { title: "Top accounts", weight: 2.4 },
        { title: "Holder / label", weight: 2 },
        { title: "Role", weight: 0.9 },
        { title: "Score", align: "right", weight: 0.7 },
        { title: "In KZT", align: "right", weight: 1.3 },
        { title: "Out KZT", align: "right", weight: 1.3 },
      ],
      rows: top.map((n) => [
        n.key,
        n.label,
        n.role ?? "—",
        n.score === undefined ? "—" : n.score.toFixed(3),
        formatAmount(flows.get(n.id)?.in ?? 0),
        formatAmount(flows.get(n.id)?.out ?? 0),
      ]),
      note:
        cluster.members.length > top.length
          ? `The ${top.length} highest-scored of ${cluster.members.length} members; the Accounts section lists them all.`
          : undefined,
    });
  }
  return blocks;
}

/** The export's own record: the build that made it and the audit trail's heads it is anchored to. */
function exportRecordRows(input: ReportInput): [string, string][] {
  const rows: [string, string][] = [
    ["Mulegraph version", input.appVersion],
    [
      "Audit chain head",
      input.auditHead
        ? `entry ${input.auditHead.seq}, hash ${input.auditHead.hash}`
        : "empty (no entries before)",
    ],
  ];
  if (input.auditTreeHead) {
    const h = input.auditTreeHead;
    rows.push([
      "Audit tree head (signed)",
      `${h.treeSize} entries, root ${h.rootHash}, signed ${formatTimestamp(h.timestamp)}`,
    ]);
  }
  return rows;
}

/** The appendix: the algorithms' parameters as run, and the export's own record. */
function appendixSection(input: ReportInput): ReportSection {
  const { trace, analysisRun, selection } = input.resolved;
  const blocks: ReportBlock[] = [];
  if (trace) {
    blocks.push({
      kind: "facts",
      rows: [
        ["Complaints traced", trace.complaints.join(", ")],
        ["Allocation method", trace.params.method === "fifo" ? "FIFO (first in, first out)" : "proportional"],
        ["Time window", formatDuration(trace.params.windowMs)],
        ["Maximum hops", String(trace.params.maxHops)],
        ["Minimum traced amount", formatKzt(trace.params.minTracedKzt)],
        ["Data as of", formatTimestamp(trace.asOf)],
      ],
    });
  }
  if (analysisRun) {
    blocks.push({
      kind: "facts",
      rows: [
        ["Analysis run", analysisRun.runId],
        ["Started", formatTimestamp(analysisRun.startedAt)],
        ["Finished", formatTimestamp(analysisRun.finishedAt)],
        ...Object.entries(analysisRun.params)
          .filter(([k]) => k !== "caveats") // in the overview, in words
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]): [string, string] => [k, formatParam(v)]),
      ],
    });
  }
  if ("accounts" in selection) {
    blocks.push({
      kind: "paragraph",
      text: "The listed accounts and every relationship between them (the induced subgraph, depth 0).",
    });
  }
  blocks.push({ kind: "facts", rows: exportRecordRows(input) });
  return { title: "Appendix: parameters and export record", blocks };
}

function summarySection(input: ReportInput): ReportSection {
  const { subgraph } = input.resolved;
  const money = subgraph.edges.filter((e) => MONEY_TYPES.has(e.type));
  const times = money.map((e) => num(e.props.ts)).filter((t): t is number => t !== undefined);
  const total = (type: string) =>
    money.filter((e) => e.type === type).reduce((sum, e) => sum + (num(e.props.amountKzt) ?? 0), 0);
  const rows: [string, string][] = [
    ["Entities", `${subgraph.nodes.length} (${countBy(subgraph.nodes, (n) => n.type) || "none"})`],
    ["Relationships", `${subgraph.edges.length} (${countBy(subgraph.edges, (e) => e.type) || "none"})`],
    [
      "Transfers",
      `${money.filter((e) => e.type === "TRANSFER").length}, total ${formatKzt(total("TRANSFER"))}`,
    ],
    [
      "Cash withdrawals",
      `${money.filter((e) => e.type === "WITHDREW").length}, total ${formatKzt(total("WITHDREW"))}`,
    ],
    [
      "Period",
      times.length
        ? `${formatAlmaty(Math.min(...times))} – ${formatAlmaty(Math.max(...times))} Asia/Almaty`
        : "—",
    ],
    ["Source files", String(input.sourceFiles.length)],
    ["Source rows cited", String(money.reduce((n, e) => n + (e.sources?.length ?? 0), 0))],
  ];
  const blocks: ReportBlock[] = [{ kind: "facts", rows }];
  return { title: "Summary", blocks };
}

function accountName(nodes: Map<string, GraphNode>, key: string): string {
  const node = nodes.get(`account:${key}`);
  return node && node.label && node.label !== key ? `${key} (${node.label})` : key;
}

function traceSections(trace: TraceResult, nodes: Map<string, GraphNode>): ReportSection[] {
  const exitsTotal = trace.exits.reduce((s, e) => s + e.amountKzt, 0);
  const freezeTotal = trace.freezeList.reduce((s, f) => s + f.amountKzt, 0);
  const untracedTotal = trace.untraced.reduce((s, u) => s + u.amountKzt, 0);
  const exits = cut(
    [...trace.exits].sort((a, b) => b.amountKzt - a.amountKzt),
    "exits",
    "trace.json",
  );
  const freeze = cut(trace.freezeList, "accounts", "freeze-list.csv");
  return [
    {
      title: "Money traced",
      blocks: [
        {
          kind: "facts",
          rows: [
            ["Traced", formatKzt(trace.tracedKzt)],
            ["Reached exits", formatKzt(exitsTotal)],
            ["Still held (freeze list)", formatKzt(freezeTotal)],
            ["Not traced further", formatKzt(untracedTotal)],
          ],
        },
      ],
    },
    {
      title: "Exits",
      blocks: [
        trace.exits.length
          ? {
              kind: "table",
              columns: [
                { title: "Exit", weight: 3 },
                { title: "Kind", weight: 1.2 },
                { title: "Amount", align: "right", weight: 1.6 },
                { title: "Transfers", align: "right", weight: 0.8 },
              ],
              rows: exits.rows.map((e) => [
                accountName(nodes, e.id),
                e.kind,
                formatKzt(e.amountKzt),
                String(e.txIds.length),
              ]),
              total: [
                "Total",
                "",
                formatKzt(exitsTotal),
                String(trace.exits.reduce((n, e) => n + e.txIds.length, 0)),
              ],
              note: exits.note,
            }
          : { kind: "paragraph", text: "The traced money reached no exit." },
      ],
    },
    {
      title: "Freeze list",
      blocks: [
        {
          kind: "paragraph",
          text: "Accounts that still hold traced money at the end of the data, largest first: the candidates for a freeze request to their banks.",
        },
        trace.freezeList.length
          ? {
              kind: "table",
              columns: [
                { title: "Account", weight: 3 },
                { title: "Bank", weight: 1 },
                { title: "Amount held", align: "right", weight: 1.6 },
                { title: "Since (Asia/Almaty)", weight: 1.6 },
                { title: "Held for", align: "right", weight: 0.9 },
              ],
              rows: freeze.rows.map((f) => [
                accountName(nodes, f.account),
                f.bank ?? "—",
                formatKzt(f.amountKzt),
                formatAlmaty(f.arrivedAt),
                formatDuration(f.heldForMs),
              ]),
              total: ["Total", "", formatKzt(freezeTotal), "", ""],
              note: freeze.note,
            }
          : { kind: "paragraph", text: "No account still holds traced money." },
      ],
    },
    ...(trace.untraced.length
      ? [
          {
            title: "Not traced further",
            blocks: [
              {
                kind: "table",
                columns: [
                  { title: "Account", weight: 3 },
                  { title: "Amount", align: "right", weight: 1.6 },
                  { title: "Reason", weight: 3 },
                ],
                rows: trace.untraced.map((u) => [
                  u.account ? accountName(nodes, u.account) : "—",
                  formatKzt(u.amountKzt),
                  u.reason,
                ]),
                total: ["Total", formatKzt(untracedTotal), ""],
              } satisfies ReportBlock,
            ],
          },
        ]
      : []),
  ];
}

function accountsSection(input: ReportInput): ReportSection {
  const accounts = input.resolved.subgraph.nodes
    .filter((n) => n.type === "account")
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.key.localeCompare(b.key));
  const { rows, note } = cut(accounts, "accounts", "nodes.csv");
  return {
    title: "Accounts",
    blocks: [
      {
        kind: "table",
        columns: [
          { title: "Account", weight: 2.2 },
          { title: "Holder / label", weight: 2.2 },
          { title: "Role", weight: 1 },
          { title: "Score", align: "right", weight: 0.7 },
          { title: "Cluster", weight: 0.9 },
        ],
        rows: rows.map((n) => [
          n.key,
          n.label,
          n.role ?? "—",
          n.score === undefined ? "—" : n.score.toFixed(3),
          n.community ?? "—",
        ]),
        note,
      },
      ...rows
        .filter((n) => n.reasons && n.reasons.length > 0)
        .slice(0, 30)
        .map((n): ReportBlock => ({
          kind: "list",
          items: [
            `${n.key}${n.typologies?.length ? ` (${typologyText(n.typologies)})` : ""}: ${n.reasons!.join("; ")}`,
          ],
        })),
    ],
  };
}

function weightOf(edge: GraphEdge): number {
  return num(edge.props.tracedKzt) ?? num(edge.props.amountKzt) ?? 0;
}

function pictureSection(input: ReportInput): ReportSection {
  const sub = input.resolved.subgraph;
  const scene = buildScene(sub, layoutSubgraph(sub), { ...PICTURE_SIZE, weightOf });
  const caption =
    `${sub.nodes.length} entities, ${sub.edges.length} relationships. Layout: ForceAtlas2, fixed iterations ` +
    `from a circular start (deterministic). Line width follows the ${input.resolved.trace ? "traced" : "transferred"} amount.` +
    (scene.unlabelled ? " Labels left out: too many entities to read; see nodes.csv." : "");
  return { title: "Graph", blocks: [{ kind: "picture", scene, caption }] };
}

function transfersSection(input: ReportInput, nodes: Map<string, GraphNode>): ReportSection {
  const traced = input.resolved.trace !== undefined;
  const money = input.resolved.subgraph.edges
    .filter((e) => MONEY_TYPES.has(e.type))
    .sort((a, b) => (num(a.props.ts) ?? 0) - (num(b.props.ts) ?? 0) || a.id.localeCompare(b.id));
  const { rows, note } = cut(money, "transfers", "provenance.csv");
  const end = (id: string) => {
    const n = nodes.get(id);
    return n ? n.key : id;
  };
  const columns: ReportColumn[] = [
    { title: "Time (Asia/Almaty)", weight: 1.5 },
    { title: "From", weight: 2 },
    { title: "To", weight: 2 },
    { title: "Amount KZT", align: "right", weight: 1.3 },
    ...(traced ? [{ title: "Traced KZT", align: "right" as const, weight: 1.3 }] : []),
    { title: "Sources", align: "right", weight: 0.7 },
  ];
  return {
    title: "Transfers",
    blocks: [
      money.length
        ? {
            kind: "table",
            columns,
            rows: rows.map((e) => {
              const ts = num(e.props.ts);
              const amount = num(e.props.amountKzt);
              const tracedKzt = num(e.props.tracedKzt);
              return [
                ts === undefined ? "—" : formatAlmaty(ts),
                end(e.source),
                end(e.target),
                amount === undefined ? "—" : formatAmount(amount),
                ...(traced ? [tracedKzt === undefined ? "—" : formatAmount(tracedKzt)] : []),
                String(e.sources?.length ?? 0),
              ];
            }),
            note,
          }
        : { kind: "paragraph", text: "No transfers in the selection." },
    ],
  };
}

function sourcesSection(input: ReportInput): ReportSection {
  return {
    title: "Source files",
    blocks: [
      input.sourceFiles.length
        ? {
            kind: "table",
            columns: [
              { title: "File", weight: 2 },
              { title: "SHA-256", weight: 4 },
              { title: "Kind", weight: 0.9 },
              { title: "Bytes", align: "right", weight: 0.9 },
            ],
            rows: input.sourceFiles.map((f) => [f.name, f.sha256, f.exportKind, String(f.bytes)]),
          }
        : { kind: "paragraph", text: "No source files are recorded for these relationships." },
    ],
  };
}

function methodSection(input: ReportInput): ReportSection {
  const paragraphs = [
    "Bank exports (account statements, transfer registers, card-linkage logs, complaint registers) were read as " +
      "delivered. Each row became a record carrying the SHA-256 of its file and its line number; the same transfer " +
      "seen in the sender's and the receiver's statement is one transfer with two sources. provenance.csv ties every " +
      "transfer in this package to those files and lines, sources.csv lists the files with their hashes.",
  ];
  if (input.resolved.cluster) {
    paragraphs.push(
      "Drop clusters are communities found by the Louvain method (Blondel et al. 2008) over accounts linked by " +
        "transfers and by shared phones, devices, IP addresses and card holders, with a fixed seed so the result " +
        "is reproducible. Each cluster is scored on inflow from reported victims, pass-through of about 90% of " +
        "inflow, short dwell time, outflow to exits and shared identifiers; the reasons above are the evidence " +
        "that drove the score.",
    );
  }
  if (input.resolved.trace) {
    paragraphs.push(
      "Fund tracing follows the victim's money forward in time: an outgoing transfer can only carry money that " +
        "arrived before it. Amounts are conserved and allocated " +
        (input.resolved.trace.params.method === "fifo"
          ? "first in, first out (the earliest money still in an account leaves first)"
          : "in proportion to the account's balance") +
        ", through splits, merges and cycles, until the money reaches an exit (a crypto exchange or P2P " +
        "merchant on the watch-list, a wallet address in the payment purpose, a cash withdrawal, or a foreign " +
        "bank). Money still in an account at the end of the data is on the freeze list.",
    );
  }
  paragraphs.push(
    "manifest.json lists the SHA-256 of every file of this package. `mulegraph verify <package.zip>` recomputes " +
      "them offline and names any file altered, added or removed. The export is recorded in the audit trail; " +
      "the manifest names the audit chain head at the time of export, and audit-proof.json holds the audit " +
      "trail's tree head signed then (Ed25519) with the inclusion proof of every audit entry this package " +
      "cites, which the same command checks.",
  );
  return { title: "Method", blocks: paragraphs.map((text): ReportBlock => ({ kind: "paragraph", text })) };
}

/** Build the report document. Pure: the same input always gives the same document. */
export function buildReport(input: ReportInput): ReportDocument {
  const caseNo = input.caseNo ?? "—";
  const subject = subjectOf(input);
  const nodes = new Map(input.resolved.subgraph.nodes.map((n) => [n.id, n]));
  const trace = input.resolved.trace;
  return {
    title: "Mulegraph evidence report",
    caseNo,
    subject,
    sections: [
      overviewSection(input),
      summarySection(input),
      ...(trace ? traceSections(trace, nodes) : []),
      pictureSection(input),
      accountsSection(input),
      transfersSection(input, nodes),
      sourcesSection(input),
      methodSection(input),
      appendixSection(input),
    ],
  };
}
