/**
 * `mulegraph export`: a cluster, a complaint's traced money flow or a list of accounts, as GraphML, GEXF, CSV, JSON
 * or a verifiable evidence package (.zip). Every export is an entry in the audit trail.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  buildEvidencePackage,
  EvidenceInputError,
  EvidenceNotFoundError,
  exportSubgraph,
  SUBGRAPH_FORMATS,
  type EvidenceSelection,
  type SubgraphFormat,
} from "../../server/evidence/index.js";
import { AuditIntegrityError } from "../../server/audit/index.js";
import { UsageError, UserFacingError, type CliContext } from "../context.js";

export const help = `usage: mulegraph export (--cluster ID | --trace CASE_NO | --accounts IBAN…)
                       --format graphml|gexf|csv|json|package --out PATH [--actor NAME] [--case CASE_NO]

Exports a subgraph for Gephi, yEd or i2 Analyst's Notebook, or an evidence package for a prosecutor.

--cluster ID        the member accounts of a cluster of the latest analysis run, and everything between them
--trace CASE_NO     the flow of a complaint's money: the transfers that carried it, with the traced amounts
--accounts IBAN…    these accounts (IBANs or account keys, space- or comma-separated) and everything between them
--format F          graphml, gexf, json (one file at PATH), csv (nodes.csv and edges.csv in the folder PATH), or
                    package: a .zip with the subgraph in every format, provenance.csv (every transfer's source file
                    SHA-256 and line), sources.csv, report.html, report.pdf and manifest.json (SHA-256 of every
                    file); check it later with \`mulegraph verify PATH\`
--out PATH          where to write
--actor NAME        who exports, for the report and the audit trail (default cli:<login name>)
--case CASE_NO      case number printed on the package's report (default: the traced case)`;

const FORMATS = [...SUBGRAPH_FORMATS, "package"] as const;
type Format = (typeof FORMATS)[number];

export interface ExportArgs {
  selection: EvidenceSelection;
  format: Format;
  out: string;
  actor?: string;
  caseNo?: string;
}

/** Parse the command's own arguments. */
export function parseExportArgs(args: string[]): ExportArgs {
  const selections: EvidenceSelection[] = [];
  let format: Format | undefined;
  let out: string | undefined;
  let actor: string | undefined;
  let caseNo: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const [flag, inline] =
      arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith("--"))) {
        throw new UsageError(`export: ${flag} needs a value`);
      }
      return v;
    };
    switch (flag) {
      case "--cluster":
        selections.push({ cluster: value() });
        break;
      case "--trace":
        selections.push({ trace: value() });
        break;
      case "--accounts": {
        const accounts: string[] = inline !== undefined ? [inline] : [];
        while (inline === undefined && i + 1 < args.length && !args[i + 1]!.startsWith("--"))
          accounts.push(args[++i]!);
        const list = accounts
          .flatMap((a) => a.split(","))
          .map((a) => a.trim())
          .filter(Boolean);
        if (list.length === 0)
          throw new UsageError("export: --accounts needs at least one IBAN or account key");
        selections.push({ accounts: list });
        break;
      }
      case "--format": {
        const f = value();
        if (!(FORMATS as readonly string[]).includes(f)) {
          throw new UsageError(`export: --format must be one of ${FORMATS.join(", ")}, got "${f}"`);
        }
        format = f as Format;
        break;
      }
      case "--out":
        out = value();
        break;
      case "--actor":
        actor = value();
        break;
      case "--case":
        caseNo = value();
        break;
      default:
        throw new UsageError(`export: unknown option "${arg}"\n\n${help}`);
    }
  }
  if (selections.length !== 1) {
    throw new UsageError(`export: give exactly one of --cluster, --trace or --accounts\n\n${help}`);
  }
  if (!format) throw new UsageError(`export: give --format (${FORMATS.join(", ")})`);
  if (!out) throw new UsageError("export: give --out PATH");
  return { selection: selections[0]!, format, out, actor, caseNo };
}

function defaultActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return "cli";
  }
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const parsed = parseExportArgs(args);
  const actor = parsed.actor ?? defaultActor();
  const out = path.resolve(parsed.out);
  const store = await ctx.store();
  try {
    if (parsed.format === "package") {
      const pkg = await buildEvidencePackage({
        store,
        selection: parsed.selection,
        actor,
        out,
        caseNo: parsed.caseNo,
        pdf: { onWarning: (m) => process.stderr.write(`mulegraph: warning: ${m}\n`) },
      });
      const sub = pkg.resolved.subgraph;
      if (ctx.json) {
        ctx.emit({
          out,
          format: "package",
          files: pkg.manifest.files,
          manifestSha256: pkg.manifestSha256,
          auditSeq: pkg.auditEntry.seq,
          nodes: sub.nodes.length,
          edges: sub.edges.length,
          truncated: sub.truncated,
          warnings: pkg.warnings,
        });
      }
      ctx.say(
        `wrote ${out}: ${sub.nodes.length} entities, ${sub.edges.length} relationships, ${pkg.manifest.files.length} files`,
      );
      ctx.say(`manifest SHA-256 ${pkg.manifestSha256} (audit entry ${pkg.auditEntry.seq})`);
      ctx.say(`check it with: mulegraph verify ${parsed.out}`);
      return 0;
    }

    const result = await exportSubgraph({
      store,
      selection: parsed.selection,
      format: parsed.format as SubgraphFormat,
      actor,
    });
    const written: string[] = [];
    if (result.files.length === 1) {
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, result.files[0]!.content);
      written.push(out);
    } else {
      await mkdir(out, { recursive: true });
      for (const f of result.files) {
        const file = path.join(out, f.name);
        await writeFile(file, f.content);
        written.push(file);
      }
    }
    const sub = result.resolved.subgraph;
    if (ctx.json) {
      ctx.emit({
        out: written,
        format: parsed.format,
        auditSeq: result.auditEntry.seq,
        nodes: sub.nodes.length,
        edges: sub.edges.length,
        truncated: sub.truncated,
      });
    }
    ctx.say(`wrote ${written.join(", ")}: ${sub.nodes.length} entities, ${sub.edges.length} relationships`);
    return 0;
  } catch (err) {
    if (
      err instanceof EvidenceNotFoundError ||
      err instanceof EvidenceInputError ||
      err instanceof AuditIntegrityError
    ) {
      throw new UserFacingError(err.message);
    }
    throw err;
  }
}
