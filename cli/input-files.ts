/**
 * Turn the paths given on the command line into export files: a folder stands for every .csv / .txt file under it
 * (recursively, in name order), so `mulegraph ingest case/exports` takes a whole generated case.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const EXPORT_FILE = /\.(csv|txt|tsv)$/i;

export function expandInputPaths(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // A missing path is passed on: the ingest pipeline reports it in words a user understands.
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const found = (readdirSync(p, { recursive: true }) as string[])
      .filter((f) => EXPORT_FILE.test(f) && !path.basename(f).startsWith("."))
      .sort()
      .map((f) => path.join(p, f))
      .filter((f) => statSync(f).isFile());
    out.push(...found);
  }
  return out;
}
