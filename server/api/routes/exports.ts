/**
 * Evidence exports under /api/exports (prosecutor and admin: the "export" permission in server/auth/access.ts).
 * POST /api/exports answers with the file itself: an evidence package (.zip), GraphML, GEXF, JSON, or the CSV pair
 * zipped. Every export is an audit entry (written by server/evidence as the signed-in user) before the bytes leave.
 */
import { z } from "zod";
import {
  buildEvidencePackage,
  exportSubgraph,
  SUBGRAPH_FORMATS,
  type EvidenceSelection,
  type SubgraphFormat,
} from "../../evidence/index.js";
import { writeZip } from "../../evidence/zip.js";
import { aboutField } from "../error-status.js";
import { type Answer, buildApiRouter, defineRoute, type ApiRouter } from "../registry.js";
import type { ApiDeps } from "../types.js";

const EXPORT_FORMATS = ["package", ...SUBGRAPH_FORMATS] as const;

const Key = z.string().trim().min(1).max(200);
const Keys = z.array(Key).min(1).max(5000);

const SelectionSchema = z.union([
  z.object({ cluster: Key }).strict(),
  z.object({ trace: Key }).strict(),
  z.object({ accounts: Keys }).strict().describe("account keys (IBANs) or node ids"),
  z.object({ ids: Keys }).strict().describe("node ids; the same as accounts"),
]);

const ExportBody = z.object({
  selection: SelectionSchema,
  format: z.enum(EXPORT_FORMATS),
  caseNo: z.string().trim().min(1).max(100).optional().describe("case number printed on a package's report"),
});

const FormatsSchema = z.object({ formats: z.array(z.enum(EXPORT_FORMATS)) });

const CONTENT_TYPES: Record<SubgraphFormat, string> = {
  graphml: "application/graphml+xml; charset=utf-8",
  gexf: "application/gexf+xml; charset=utf-8",
  json: "application/json; charset=utf-8",
  csv: "application/zip",
};

/** A file name safe in a Content-Disposition header. */
function fileStem(selection: EvidenceSelection, caseNo?: string): string {
  const raw =
    caseNo ??
    ("trace" in selection
      ? `case-${selection.trace}`
      : "cluster" in selection
        ? `cluster-${selection.cluster}`
        : `accounts-${selection.accounts.length}`);
  return raw.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80) || "export";
}

/** Router factory for the evidence routes. */
export function exportsRouter(deps: ApiDeps): ApiRouter {
  return buildApiRouter(
    [
      defineRoute({
        method: "GET",
        path: "/api/exports/formats",
        tag: "exports",
        summary: "The export formats POST /api/exports accepts",
        responses: { 200: { description: "format names", schema: FormatsSchema } },
        async handler(): Promise<Answer<typeof FormatsSchema>> {
          return { formats: [...EXPORT_FORMATS] };
        },
      }),
      defineRoute({
        method: "POST",
        path: "/api/exports",
        tag: "exports",
        summary: "Export a cluster, a trace or accounts as a file, or as an evidence package",
        description:
          "`package`: a .zip with the subgraph (GraphML, GEXF, CSV, JSON), provenance.csv, sources.csv, report.html, " +
          "report.pdf and manifest.json (SHA-256 of every file; check with `mulegraph verify`). The manifest's hash " +
          "is in the X-Manifest-Sha256 header and in the export's audit entry. `csv` answers nodes.csv and " +
          "edges.csv zipped.",
        body: ExportBody,
        responses: {
          200: { description: "the exported file (attachment)", contentType: "application/octet-stream" },
          404: { description: "unknown cluster, case or accounts" },
          409: {
            description: "the audit trail fails verification: no package is vouched for by a broken trail",
          },
        },
        async handler({ body }, ctx) {
          const actor = ctx.user().username;
          const selection: EvidenceSelection =
            "ids" in body.selection ? { accounts: body.selection.ids } : body.selection;
          const stem = fileStem(selection, body.caseNo);
          const { res } = ctx;
          try {
            if (body.format === "package") {
              const pkg = await buildEvidencePackage({
                store: deps.store,
                selection,
                actor,
                caseNo: body.caseNo,
                pdf: { onWarning: (m) => deps.logger.warn(m) },
              });
              res.setHeader("X-Manifest-Sha256", pkg.manifestSha256);
              res.setHeader("X-Audit-Seq", String(pkg.auditEntry.seq));
              res.attachment(`evidence-${stem}.zip`).type("application/zip").status(200).send(pkg.bytes);
              return undefined;
            }
            const out = await exportSubgraph({ store: deps.store, selection, format: body.format, actor });
            res.setHeader("X-Audit-Seq", String(out.auditEntry.seq));
            if (out.files.length === 1) {
              const f = out.files[0]!;
              const ext = f.name.slice(f.name.lastIndexOf("."));
              res.attachment(`${stem}${ext}`).type(CONTENT_TYPES[body.format]).status(200).send(f.content);
              return undefined;
            }
            const zip = await writeZip(
              out.files.map((f) => ({ path: f.name, content: Buffer.from(f.content) })),
              new Date(),
            );
            res
              .attachment(`${stem}-${body.format}.zip`)
              .type(CONTENT_TYPES[body.format])
              .status(200)
              .send(zip);
            return undefined;
          } catch (err) {
            throw aboutField(err, "body.selection");
          }
        },
      }),
    ],
    deps,
  );
}
