/**
 * Turn the paths given on the command line into export files: a folder stands for every export file under it
 * (.csv, .txt, .tsv, and the structured formats .xlsx, .xml, .sta, .mt940; recursively, in name order), so
 * `mulegraph ingest case/exports` takes a whole generated case. Files Mulegraph wrote itself are never taken from
 * a folder: report folders (summary.json beside rejects.csv, and the old `<file>.check` / `<file>.ingest` folders)
 * and a rejects.csv anywhere. A file named explicitly is always passed on.
 */
import { openSync, readdirSync, readSync, closeSync, statSync, existsSync } from "node:fs";
import path from "node:path";

const EXPORT_FILE = /\.(csv|txt|tsv|xlsx|xml|sta|mt940|940)$/i;
/** The report folders older versions wrote beside the first input file. */
const OLD_REPORT_DIR = /\.(check|ingest)$/i;

/** Does `file` start like a rejects.csv (`file,line,reason`, after a BOM)? */
function isRejectsCsv(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const buf = Buffer.alloc(32);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf
      .subarray(0, n)
      .toString("utf8")
      .replace(/^\ufeff/, "")
      .startsWith("file,line,reason");
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Is `dir` a report folder Mulegraph wrote (summary.json and rejects.csv side by side)? */
function isReportDir(dir: string): boolean {
  return existsSync(path.join(dir, "summary.json")) && existsSync(path.join(dir, "rejects.csv"));
}

/** Was this file (found inside the folder `root`) written by Mulegraph? */
export function isOwnOutput(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  const parts = path
    .dirname(rel)
    .split(path.sep)
    .filter((p) => p !== ".");
  for (let i = 0; i < parts.length; i++) {
    if (OLD_REPORT_DIR.test(parts[i]!)) return true;
    if (isReportDir(path.join(root, ...parts.slice(0, i + 1)))) return true;
  }
  if (isReportDir(root) && parts.length === 0) return true;
  return path.basename(file).toLowerCase() === "rejects.csv" && isRejectsCsv(file);
}

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
      .filter((f) => statSync(f).isFile() && !isOwnOutput(p, f));
    out.push(...found);
  }
  return out;
}
