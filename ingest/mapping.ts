/**
 * The column-mapping JSON (`--mapping FILE`, docs/FORMATS.md): schema, parsing with messages a user can act on,
 * and the check that every mapped field exists for the file's kind.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { ExportKind } from "../model/records.js";
import { EXPORT_KINDS, fieldsOf } from "./columns.js";
import { MappingError } from "./errors.js";
import type { ColumnMapping } from "./types.js";

export const ColumnMappingSchema = z
  .object({
    kind: z.enum(EXPORT_KINDS as [ExportKind, ...ExportKind[]]).optional(),
    encoding: z.enum(["utf8", "cp1251"]).optional(),
    delimiter: z
      .string()
      .min(1)
      .max(4)
      .refine((d) => !/["\r\n]/.test(d), "a delimiter cannot be a quote or a line break")
      .optional(),
    columns: z.record(z.string(), z.string()).optional(),
    zone: z
      .string()
      .refine(isTimeZone, 'not an IANA time zone (for example "UTC" or "Asia/Almaty")')
      .optional(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, "a currency is a three-letter ISO 4217 code")
      .transform((c) => c.toUpperCase())
      .optional(),
    fx: z
      .record(
        z.string().regex(/^[A-Za-z]{3}$/, "a currency is a three-letter ISO 4217 code"),
        z.number().positive("a rate is KZT per unit, above 0").finite(),
      )
      .optional(),
  })
  .strict();

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Validate a parsed mapping value; throws MappingError naming each problem. */
export function parseMapping(value: unknown, origin = "mapping"): ColumnMapping {
  const r = ColumnMappingSchema.safeParse(value);
  if (!r.success) {
    const problems = r.error.issues
      .map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`)
      .join("; ");
    throw new MappingError(`${origin}: ${problems}`);
  }
  return r.data as ColumnMapping;
}

/** Read and validate a mapping file. */
export async function readMappingFile(path: string): Promise<ColumnMapping> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new MappingError(`mapping file "${path}" cannot be read. Check the path.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ""));
  } catch (e) {
    throw new MappingError(`mapping file "${path}" is not valid JSON: ${(e as Error).message}`);
  }
  return parseMapping(json, `mapping file "${path}"`);
}

/**
 * Every field a mapping names must exist for the kind ("" and "-" mean "ignore this column"); before the kind is
 * known (`kind` undefined), for at least one kind.
 */
export function checkMappedFields(mapping: ColumnMapping | undefined, kind: ExportKind | undefined): void {
  if (!mapping?.columns) return;
  if (kind === undefined) {
    const any = new Set(EXPORT_KINDS.flatMap(fieldsOf));
    for (const [header, field] of Object.entries(mapping.columns)) {
      if (field === "" || field === "-" || any.has(field)) continue;
      throw new MappingError(
        `mapping: column "${header}" is mapped to "${field}", which is not a field of any export kind (see docs/FORMATS.md)`,
      );
    }
    return;
  }
  const known = new Set(fieldsOf(kind));
  for (const [header, field] of Object.entries(mapping.columns)) {
    if (field === "" || field === "-" || known.has(field)) continue;
    throw new MappingError(
      `mapping: column "${header}" is mapped to "${field}", which is not a field of a ${kind} export; ` +
        `its fields are ${[...known].join(", ")}`,
    );
  }
}
