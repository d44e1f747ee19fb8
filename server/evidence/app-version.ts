/**
 * The application version stamped into evidence manifests: package.json's "version", read once.
 */
import { readFileSync } from "node:fs";

let cached: string | undefined;

/** package.json's version, e.g. "0.1.0". */
export function appVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: string;
    };
    cached = pkg.version ?? "unknown";
  }
  return cached;
}
