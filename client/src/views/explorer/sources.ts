/**
 * Sources by file name: an entity's sources name the file by its SHA-256; the loads (GET /api/loads?all=true, open
 * to every role) list each file's hash with the name it was read under. Fetched once per page and kept.
 */
import { api } from "../../api";

let names: Promise<Map<string, string>> | null = null;

/** File hash → file name, for every file a load recorded (an empty map when the loads cannot be read). */
export function sourceFileNames(): Promise<Map<string, string>> {
  names ??= api.loads(true).then(
    ({ loads }) => {
      const m = new Map<string, string>();
      for (const l of loads as { files?: { sha256: string; name?: string }[] }[])
        for (const f of l.files ?? []) if (f.name && !m.has(f.sha256)) m.set(f.sha256, f.name);
      return m;
    },
    () => {
      names = null; // try again next time
      return new Map<string, string>();
    },
  );
  return names;
}

/** Forget the names (after an upload added files). */
export function forgetSourceFileNames(): void {
  names = null;
}

/** "statement_halyk.csv:812", or the hash's head when the name is not known. */
export function sourceText(s: { file: string; line: number }, byHash: Map<string, string>): string {
  return `${byHash.get(s.file) ?? `${s.file.slice(0, 12)}…`}:${s.line}`;
}
