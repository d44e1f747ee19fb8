/**
 * manifest.json of an evidence package: the SHA-256 and size of every other file, who exported what and when, the
 * app version and the audit chain head. Parsed back with a schema, so verify() trusts nothing it did not check.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { PackageFormatError } from "./errors.js";
import type { Manifest, ManifestFile } from "./types.js";

export const MANIFEST_PATH = "manifest.json";

/** SHA-256 of bytes, lower-case hex. */
export function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The manifest's file list for these files, sorted by path. */
export function manifestFiles(files: { path: string; content: Buffer }[]): ManifestFile[] {
  return files
    .map((f) => ({ path: f.path, sha256: sha256(f.content), bytes: f.content.length }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in lower-case hex");

const SelectionSchema = z.union([
  z.object({ cluster: z.string() }).strict(),
  z.object({ trace: z.string() }).strict(),
  z.object({ accounts: z.array(z.string()) }).strict(),
]);

export const ManifestSchema = z.object({
  format: z.literal("mulegraph-evidence"),
  formatVersion: z.union([z.literal(1), z.literal(2)]),
  appVersion: z.string(),
  caseNo: z.string().nullable(),
  selection: SelectionSchema,
  actor: z.string(),
  exportedAt: z.string(),
  auditHead: z.object({ seq: z.number().int(), hash: Hex64 }).nullable(),
  files: z.array(z.object({ path: z.string().min(1), sha256: Hex64, bytes: z.number().int().nonnegative() })),
});

/** The manifest as JSON text (pretty, trailing newline). */
export function manifestJson(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}

/**
 * Parse manifest.json bytes.
 * @throws PackageFormatError naming what is wrong
 */
export function parseManifest(data: Buffer): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(data.toString("utf8"));
  } catch (err) {
    throw new PackageFormatError(`evidence/manifest: manifest.json is not JSON: ${(err as Error).message}`);
  }
  const parsed = ManifestSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    throw new PackageFormatError(`evidence/manifest: manifest.json has the wrong shape: ${problems}`);
  }
  return parsed.data as Manifest;
}
