/**
 * Named column mappings: a mapping the user made on the upload page (kind + header → field), saved under a name and
 * offered again when a file with the same header is previewed (a header is matched by its signature,
 * server/api/header-signature.ts).
 */
import { z } from "zod";
import { fieldsOf } from "../../../ingest/index.js";
import type { NamedMapping } from "../../store/ports/records.js";
import { headerSignature, normaliseCell } from "../header-signature.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { type Answer, defineRoute, type RouteDef } from "../registry.js";
import { ExportKindSchema, KindFieldsSchema, NamedMappingSchema, OkSchema } from "../schemas.js";

/** Header cells and mapped columns a saved mapping may hold (wide exports have about a hundred). */
const MAX_COLUMNS = 500;
const CELL = z.string().max(500);

const Name = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((s) => !/[\p{Cc}]/u.test(s), "no control characters")
  .describe("the mapping's name, unique");

const SaveBody = z.object({
  name: Name,
  kind: ExportKindSchema,
  header: z.array(CELL).min(1).max(MAX_COLUMNS).describe("the header cells as in the file"),
  columns: z
    .record(CELL, z.string().max(64))
    .refine((c) => Object.keys(c).length <= MAX_COLUMNS, `at most ${MAX_COLUMNS} columns`)
    .describe('header as in the file → canonical field of the kind ("" or "-" ignores the column)'),
  replace: z.boolean().default(false).describe("replace a mapping saved under the same name"),
});

/** Every mapped header must be a cell of the header, every field one of the kind's (or "" / "-" to ignore). */
function checkColumns(body: z.output<typeof SaveBody>): void {
  const cells = new Set(body.header.map(normaliseCell));
  const fields = new Set(fieldsOf(body.kind));
  const problems: { path: string; message: string }[] = [];
  for (const [header, field] of Object.entries(body.columns)) {
    if (!cells.has(normaliseCell(header)))
      problems.push({ path: `body.columns.${header}`, message: `"${header}" is not a cell of body.header` });
    else if (field !== "" && field !== "-" && !fields.has(field))
      problems.push({
        path: `body.columns.${header}`,
        message: `"${field}" is not a field of a ${body.kind} export; its fields are ${[...fields].join(", ")}`,
      });
  }
  if (problems.length > 0)
    throw new ValidationError(`api/mappings: ${problems[0]!.path}: ${problems[0]!.message}`, problems);
}

const NameParam = z.object({ name: Name });

/** The canonical fields of every kind: what a column can be mapped to. */
export function kindFields(): Record<z.infer<typeof ExportKindSchema>, string[]> {
  return Object.fromEntries(ExportKindSchema.options.map((k) => [k, fieldsOf(k)])) as Record<
    z.infer<typeof ExportKindSchema>,
    string[]
  >;
}

export { KindFieldsSchema } from "../schemas.js";

export const mappingsRoutes: RouteDef[] = [
  defineRoute({
    method: "GET",
    path: "/api/mappings",
    tag: "mappings",
    summary: "Saved named column mappings by name; only those for one header when `signature` is given",
    query: z.object({
      signature: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
    }),
    responses: {
      200: {
        description: "mappings, and the fields of every kind (for mapping a file detection could not read)",
        schema: z.object({ mappings: z.array(NamedMappingSchema), fields: KindFieldsSchema }),
      },
    },
    async handler({ query }, ctx) {
      const mappings = await ctx.deps.store.listNamedMappings(
        query.signature ? { signature: query.signature } : {},
      );
      return { mappings, fields: kindFields() };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/mappings/:name",
    tag: "mappings",
    summary: "One saved named column mapping",
    params: NameParam,
    responses: { 200: { description: "the mapping", schema: NamedMappingSchema } },
    async handler({ params }, ctx): Promise<Answer<typeof NamedMappingSchema>> {
      const mapping = await ctx.deps.store.getNamedMapping(params.name);
      if (!mapping) throw new NotFoundError(`api/mappings: no mapping named "${params.name}"`, "params.name");
      return mapping;
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/mappings",
    tag: "mappings",
    summary: "Save a column mapping under a name; it is offered for files with the same header",
    description:
      "The header signature is computed from `header`. A name already taken is refused (409) unless `replace` is " +
      "true.",
    body: SaveBody,
    status: 201,
    responses: {
      201: { description: "saved", schema: NamedMappingSchema },
      400: { description: "a column is not in the header, or a field is not one of the kind's" },
      409: { description: "the name is taken and `replace` is not true" },
    },
    async handler({ body }, ctx): Promise<Answer<typeof NamedMappingSchema>> {
      checkColumns(body);
      const existing = await ctx.deps.store.getNamedMapping(body.name);
      if (existing && !body.replace) {
        throw new ConflictError(
          `api/mappings: a mapping named "${body.name}" exists; send "replace": true to replace it`,
          { fields: [{ path: "body.name", message: "already exists" }] },
        );
      }
      const mapping: NamedMapping = {
        name: body.name,
        kind: body.kind,
        signature: headerSignature(body.header),
        header: body.header,
        columns: body.columns,
        createdBy: ctx.user().username,
        createdAt: Date.now(),
      };
      await ctx.deps.store.putNamedMapping(mapping);
      await ctx.audit("mapping.save", body.name, {
        kind: mapping.kind,
        signature: mapping.signature,
        columns: mapping.columns,
        replaced: existing !== null,
      });
      return mapping;
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/api/mappings/:name",
    tag: "mappings",
    summary: "Delete a saved named column mapping",
    params: NameParam,
    responses: { 200: { description: "deleted", schema: OkSchema } },
    async handler({ params }, ctx): Promise<Answer<typeof OkSchema>> {
      if (!(await ctx.deps.store.deleteNamedMapping(params.name)))
        throw new NotFoundError(`api/mappings: no mapping named "${params.name}"`, "params.name");
      await ctx.audit("mapping.delete", params.name);
      return { ok: true as const };
    },
  }),
];
