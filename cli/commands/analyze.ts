/**
 * `mulegraph analyze [--seed N] [--resolution R] [--top N] [--set NAME=VALUE …]`: finds drop clusters, hubs and the
 * other roles in the configured store, writes them back as the current analysis and prints the ranked clusters.
 * With --json it prints `{ run, accounts, clusters }` (model/analysis.ts AnalysisResult).
 */
import { runCaveats, type AnalysisResult } from "../../model/analysis.js";
import {
  DEFAULT_DETECT_PARAMS,
  DetectParamsError,
  type DetectParams,
} from "../../server/analytics/detect/index.js";
import { runAnalysis } from "../../server/analytics/run-analysis.js";
import { recordAlerts } from "../../server/alerts/index.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../context.js";

export const help = `usage: mulegraph analyze [--seed N] [--resolution R] [--top N] [--set NAME=VALUE …]

Finds drop (money-mule) clusters and cash-out hubs in the configured store, gives every account a role (victim,
drop, hub, exit, organiser, ordinary) with a score and its reasons, ranks the clusters, writes the result back to
the store (replacing the previous analysis) and prints the top clusters.

  --seed N          seed of Louvain's random source (default ${DEFAULT_DETECT_PARAMS.seed}); same seed, same communities
  --resolution R    Louvain resolution on the graph of suspects (default ${DEFAULT_DETECT_PARAMS.resolution});
                    lower gives bigger clusters
  --top N           clusters to print (default 10; --json always prints all)
  --set NAME=VALUE  any other detection setting, e.g. --set maxDwellMs=43200000 --set fanInMin=4
                    (settings: ${Object.keys(DEFAULT_DETECT_PARAMS).join(", ")})
  --json            print { run, accounts, clusters }: accounts lists every account that is not ordinary or has a
                    score above 0`;

function numberArg(flag: string, value: string | undefined): number {
  if (value === undefined || value.trim() === "") throw new UsageError(`analyze: ${flag} needs a number`);
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`analyze: ${flag} needs a number, got "${value}"`);
  return n;
}

/** Parse the command's flags into detection settings and the number of clusters to print. */
export function parseAnalyzeArgs(args: string[]): { params: Partial<DetectParams>; top: number } {
  const params: Record<string, unknown> = {};
  let top = 10;
  for (let i = 0; i < args.length; i++) {
    let flag = args[i];
    let inline: string | undefined;
    const eq = flag.indexOf("=");
    if (flag.startsWith("--") && eq > 0) {
      inline = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    const value = () => inline ?? args[++i];
    switch (flag) {
      case "--seed":
        params.seed = numberArg(flag, value());
        break;
      case "--resolution":
        params.resolution = numberArg(flag, value());
        break;
      case "--top":
        top = numberArg(flag, value());
        if (!Number.isInteger(top) || top < 0)
          throw new UsageError(`analyze: --top needs a whole number ≥ 0`);
        break;
      case "--set": {
        const pair = value();
        const at = pair?.indexOf("=") ?? -1;
        if (!pair || at <= 0) throw new UsageError(`analyze: --set needs NAME=VALUE, got "${pair ?? ""}"`);
        const name = pair.slice(0, at);
        const raw = pair.slice(at + 1);
        const current = (DEFAULT_DETECT_PARAMS as unknown as Record<string, unknown>)[name];
        params[name] = typeof current === "number" ? numberArg(`--set ${name}`, raw) : raw;
        break;
      }
      default:
        throw new UsageError(`analyze: unknown option "${args[i]}"\n\n${help}`);
    }
  }
  return { params: params as Partial<DetectParams>, top };
}

/** The human-readable report: role counts, then the top clusters with their reasons. */
export function formatAnalysis(result: AnalysisResult, top: number): string[] {
  const lines: string[] = [];
  const roles = new Map<string, number>();
  for (const a of result.accounts) roles.set(a.role, (roles.get(a.role) ?? 0) + 1);
  const order = ["drop", "hub", "organiser", "exit", "victim"];
  lines.push(
    `analysis ${result.run.runId}: ${result.clusters.length} cluster${result.clusters.length === 1 ? "" : "s"}; ` +
      order.map((r) => `${roles.get(r) ?? 0} ${r}${(roles.get(r) ?? 0) === 1 ? "" : "s"}`).join(", "),
  );
  for (const caveat of runCaveats(result.run)) lines.push(`caveat: ${caveat.text}`);
  const byId = new Map(result.accounts.map((a) => [a.id, a]));
  for (const c of result.clusters.slice(0, top)) {
    lines.push("");
    lines.push(`#${c.rank} ${c.id}  score ${c.score}  ${c.members.length} members`);
    for (const r of c.reasons) lines.push(`    ${r}`);
    const members = c.members
      .map((id) => byId.get(id))
      .filter((a) => a !== undefined)
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
    for (const m of members.slice(0, 8)) lines.push(`    - ${m.id}  ${m.role}  ${m.score}`);
    if (members.length > 8) lines.push(`    - … and ${members.length - 8} more`);
  }
  if (result.clusters.length > top)
    lines.push("", `(${result.clusters.length - top} more clusters; --top N or --json)`);
  return lines;
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { params, top } = parseAnalyzeArgs(args);
  const store = await ctx.store();
  let result: AnalysisResult;
  try {
    result = await runAnalysis(store, params);
  } catch (err) {
    if (err instanceof DetectParamsError) throw new UsageError(err.message);
    throw err;
  }
  // New or changed clusters and high-scoring accounts become alerts in the queue (docs/CASES.md).
  const alerts = await recordAlerts(store, result);
  if (ctx.json) {
    ctx.emit({
      run: result.run,
      accounts: result.accounts,
      clusters: result.clusters,
      alerts: alerts.map((a) => ({ id: a.id, kind: a.kind, change: a.change.kind, lineage: a.lineage })),
    });
    return 0;
  }
  for (const line of formatAnalysis(result, top)) ctx.say(line);
  ctx.say("");
  ctx.say(`${alerts.length} new or changed alerts in the queue`);
  return 0;
}
