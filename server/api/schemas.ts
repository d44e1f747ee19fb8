/**
 * Zod schemas shared by routes: input helpers (comma lists, timestamps, node ids) and the response shapes that the
 * OpenAPI document publishes. Written once; routes and the document both use them.
 */
import { z } from "zod";
import {
  ENTITY_TYPES,
  RELATIONSHIP_TYPES,
  parseNodeId,
  type EntityType,
  type RelationshipType,
} from "../../model/graph.js";
import { TYPOLOGY_LABELS } from "../../model/typologies.js";
import { SignedTreeHeadSchema } from "../audit/head-schema.js";
import { PERMISSIONS, ROLES } from "../auth/roles.js";

// ---------- inputs ----------

/** A list given as repeated query parameters or one comma-separated value: `?types=a,b` or `?types=a&types=b`. */
export function commaList<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter((s) => s.length > 0))
    .pipe(z.array(item));
}

/** An instant as epoch milliseconds or an ISO 8601 date / date-time (UTC or with offset). */
export const Instant = z
  .union([
    z
      .string()
      .regex(/^-?\d{1,15}$/)
      .transform(Number),
    z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
    z.iso.date().transform((s) => Date.parse(`${s}T00:00:00Z`)),
  ])
  .describe("epoch milliseconds, or ISO 8601 (2024-03-01 or 2024-03-01T10:00:00+05:00)");

/** A bounded integer from a query string, with a default. */
export function queryInt(min: number, max: number, fallback: number) {
  return z.coerce.number().int().min(min).max(max).default(fallback);
}

export const EntityTypeSchema = z.enum(ENTITY_TYPES as [EntityType, ...EntityType[]]);
export const RelationshipTypeSchema = z.enum(RELATIONSHIP_TYPES as [RelationshipType, ...RelationshipType[]]);

/** A node id `type:key` (e.g. `account:KZ86125KZT5004100100`). */
export const NodeIdSchema = z
  .string()
  .min(3)
  .max(512)
  .refine((s) => parseNodeId(s) !== null, {
    message: `not a node id: expected type:key with type one of ${ENTITY_TYPES.join(", ")}`,
  })
  .describe("node id type:key, e.g. account:KZ86125KZT5004100100 (URL-encode it)");

// ---------- outputs ----------

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .describe("stable machine code: validation_failed, unauthorized, forbidden, csrf_failed, …"),
      message: z.string(),
      details: z
        .object({
          fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
        })
        .catchall(z.unknown()),
    }),
  })
  .meta({ id: "Error" });

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const SourceSchema = z.object({
  file: z.string().describe("SHA-256 of the source file"),
  line: z.number().int(),
});

/** Typology names of an analysed account or cluster (model/typologies.ts has their labels). */
export const TypologiesSchema = z.array(z.string()).describe(
  `laundering typologies found by the latest analysis, present only when there is one: ${Object.keys(
    TYPOLOGY_LABELS,
  )
    .map((t) => `${t} (${TYPOLOGY_LABELS[t]})`)
    .join(", ")}`,
);

export const GraphNodeSchema = z
  .object({
    id: z.string(),
    type: EntityTypeSchema,
    key: z.string(),
    label: z.string(),
    props: z.record(z.string(), Scalar),
    community: z.string().optional(),
    role: z.enum(["victim", "drop", "hub", "exit", "organiser", "ordinary"]).optional(),
    score: z.number().optional(),
    reasons: z.array(z.string()).optional(),
    typologies: TypologiesSchema.optional(),
  })
  .meta({ id: "GraphNode" });

export const GraphEdgeSchema = z
  .object({
    id: z.string(),
    type: RelationshipTypeSchema,
    source: z.string(),
    target: z.string(),
    props: z.record(z.string(), Scalar),
    sources: z.array(SourceSchema).optional(),
  })
  .meta({ id: "GraphEdge" });

export const SubgraphSchema = z
  .object({ nodes: z.array(GraphNodeSchema), edges: z.array(GraphEdgeSchema), truncated: z.boolean() })
  .meta({ id: "Subgraph" });

export const SearchHitSchema = z
  .object({ id: z.string(), type: EntityTypeSchema, key: z.string(), label: z.string(), matched: z.string() })
  .meta({ id: "SearchHit" });

export const EntityDetailSchema = z
  .object({
    node: GraphNodeSchema,
    sources: z.array(SourceSchema),
    edges: z.array(GraphEdgeSchema.extend({ sources: z.array(SourceSchema) })),
    neighbours: z.array(GraphNodeSchema),
    edgesTotal: z
      .number()
      .int()
      .nonnegative()
      .describe("every relationship of the entity; `edges` is one page"),
    edgesNext: z
      .number()
      .int()
      .nullable()
      .describe("offset of the next page of edges (more relationships), null when none"),
  })
  .meta({ id: "EntityDetail" });

export const StatsSchema = z
  .object({
    accounts: z.number(),
    persons: z.number(),
    companies: z.number(),
    cards: z.number(),
    phones: z.number(),
    devices: z.number(),
    ips: z.number(),
    wallets: z.number(),
    transfers: z.number(),
    withdrawals: z.number(),
    complaints: z.number(),
    links: z
      .number()
      .describe("links between entities, one per pair (owns, controls, card on account, uses)"),
    transferSources: z.number(),
    firstTransferAt: z.number().nullable(),
    lastTransferAt: z.number().nullable(),
    incompleteLoads: z
      .array(z.string())
      .optional()
      .describe("loads that did not complete (killed, failed, running): the counts may hold part of them"),
  })
  .meta({ id: "Stats" });

export const ComplaintSchema = z
  .object({
    caseNo: z.string(),
    registeredAt: z.number(),
    incidentAt: z.number().optional(),
    victimIin: z.string().optional(),
    victimName: z.string().optional(),
    victimAccount: z.string(),
    loss: z.number(),
    currency: z.string(),
    lossKzt: z.number(),
    scheme: z.string().optional(),
    sources: z.array(SourceSchema),
  })
  .meta({ id: "Complaint" });

export const PublicUserSchema = z
  .object({
    username: z.string(),
    role: z.enum(ROLES),
    createdAt: z.number(),
    disabled: z.boolean(),
  })
  .meta({ id: "User" });

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    ts: z.number(),
    actor: z.string(),
    action: z.string(),
    target: z.string().nullable(),
    params: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: "AuditEntry" });

export const NoteSchema = z
  .object({ id: z.string(), target: z.string(), author: z.string(), createdAt: z.number(), text: z.string() })
  .meta({ id: "Note" });

export const UploadSchema = z
  .object({
    id: z.string(),
    createdAt: z.number(),
    createdBy: z.string(),
    status: z.enum(["queued", "running", "done", "failed"]),
    summary: z.unknown().optional().describe("the ingest summary (same shape as `mulegraph ingest --json`)"),
    error: z.string().optional(),
    progress: z
      .object({
        file: z.string().optional(),
        files: z.number(),
        filesDone: z.number(),
        rowsRead: z.number(),
        bytesRead: z.number(),
        bytesTotal: z.number(),
      })
      .optional()
      .describe("live progress while queued or running"),
    files: z.array(z.object({ name: z.string(), bytes: z.number() })).optional(),
    rejectsUrl: z.string().optional(),
    setAside: z
      .array(z.object({ name: z.string(), reason: z.string() }))
      .optional()
      .describe(
        "files of the upload that could not be read, set aside with the reason, while the rest went in",
      ),
  })
  .meta({ id: "Upload" });

export const ClusterSchema = z
  .object({
    id: z.string(),
    rank: z.number(),
    score: z.number(),
    members: z.array(z.string()),
    reasons: z.array(z.string()),
    typologies: TypologiesSchema.optional(),
  })
  .meta({ id: "Cluster" });

export const AnalysisRunSchema = z
  .object({
    runId: z.string(),
    startedAt: z.number(),
    finishedAt: z.number(),
    params: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "AnalysisRun" });

/** Plain acknowledgement. */
export const OkSchema = z.object({ ok: z.literal(true) });

/** The export kinds (model/records.ts ExportKind). */
export const ExportKindSchema = z.enum(["statement", "register", "linkage", "complaints", "watchlist"]);

/** What header recognition made of one column (ingest/types.ts ColumnGuess). */
export const ColumnGuessSchema = z
  .object({
    index: z.number().int().describe("0-based column index in the header row"),
    header: z.string().describe("the header cell as in the file"),
    field: z.string().nullable().describe("canonical field chosen for the column; null when it is not read"),
    confidence: z.number().min(0).max(1).describe("0..1; 1 for an exact known header or a mapping's choice"),
    candidates: z.array(z.object({ field: z.string(), confidence: z.number() })).describe("best first"),
  })
  .meta({ id: "ColumnGuess" });

export const NamedMappingSchema = z
  .object({
    name: z.string(),
    kind: ExportKindSchema,
    signature: z.string().describe("hash of the normalised header cells: equal for headers that match"),
    header: z.array(z.string()).describe("the header cells as in the file the mapping was made for"),
    columns: z
      .record(z.string(), z.string())
      .describe('header as in the file → canonical field ("" ignores it)'),
    createdBy: z.string(),
    createdAt: z.number(),
  })
  .meta({ id: "NamedMapping" });

export const KindFieldsSchema = z
  .record(ExportKindSchema, z.array(z.string()))
  .describe("the canonical fields of every kind (what a column can be mapped to)");

/** POST /api/uploads/preview: what format detection and header recognition made of a file's head. */
export const PreviewSchema = z
  .object({
    name: z.string(),
    kind: ExportKindSchema,
    encoding: z.string(),
    delimiter: z.string(),
    headerLine: z.number().int().describe("1-based line of the header row"),
    mapping: z.record(z.string(), z.string()).describe("header as in the file → canonical field"),
    ignoredColumns: z.array(z.string()),
    columns: z.array(ColumnGuessSchema).describe("each column's field and confidence, in header order"),
    missing: z.array(z.string()).optional().describe("fields no column was found for"),
    ambiguous: z
      .array(z.object({ field: z.string(), columns: z.array(z.string()) }))
      .optional()
      .describe("fields several columns claim about equally"),
    preview: z.array(z.array(z.string())).describe("the header row, then up to 10 data rows"),
    complete: z
      .boolean()
      .describe(
        "false: the header lacks or doubles a required field (see `missing`, `ambiguous`); an upload of the file " +
          "is refused until a mapping says which column holds it",
      ),
    signature: z.string().describe("the header's signature (saved mappings with the same one are offered)"),
    savedMappings: z
      .array(NamedMappingSchema)
      .describe("named mappings saved for a header with this signature, newest first"),
    fields: KindFieldsSchema,
  })
  .meta({ id: "Preview" });

/** GET /api/audit/verify: the hash chain, the Merkle tree and the signed tree heads checked (server/audit). */
export const AuditVerificationSchema = z
  .object({
    ok: z.boolean(),
    entries: z.number().int(),
    lastHash: z.string(),
    firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).optional(),
    tree: z.object({ size: z.number().int(), rootHash: z.string() }),
    heads: z
      .object({
        log: z.string(),
        count: z.number().int(),
        newest: SignedTreeHeadSchema.nullable(),
        uncovered: z.number().int(),
        torn: z.number().int(),
      })
      .nullable(),
    problems: z.array(z.object({ kind: z.string(), message: z.string(), seq: z.number().int().optional() })),
  })
  .meta({ id: "AuditVerification" });

/** The signed-in user, what their role may do (server/auth/roles.ts) and the session's CSRF token. */
export const MeSchema = z
  .object({
    user: z.object({ username: z.string(), role: z.enum(ROLES) }),
    csrfToken: z.string().describe(`send it in the x-csrf-token header on POST, PATCH, PUT and DELETE`),
    permissions: z.array(z.enum(PERMISSIONS)),
  })
  .meta({ id: "Me" });

/** A load (an ingest or an upload, server/store/ports/loads.ts LoadRecord) as the API shows it. */
export const LoadSchema = z
  .object({
    id: z.string(),
    status: z.enum(["running", "complete", "failed", "rolled_back"]),
    by: z.string(),
    origin: z.string(),
    inputs: z.array(z.object({ name: z.string(), bytes: z.number() })),
    startedAt: z.number(),
    finishedAt: z.number().optional(),
    owner: z.object({ host: z.string(), pid: z.number() }),
    records: z.number(),
    batches: z.number(),
    files: z.array(z.object({ sha256: z.string(), name: z.string().optional(), fresh: z.boolean() })),
    error: z.string().optional(),
    resumedBy: z.string().optional(),
    interrupted: z.boolean().optional(),
  })
  .meta({ id: "Load" });
