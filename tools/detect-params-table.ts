/**
 * The Markdown table of detection settings for docs/DETECTION.md: every key of DEFAULT_DETECT_PARAMS with its
 * default and the doc comment it has in server/analytics/detect/params.ts. Run: npx tsx tools/detect-params-table.ts
 * (test/docs/detection-doc.test.ts fails when the doc's table differs from it).
 */
import { readFileSync } from "node:fs";
import { DEFAULT_DETECT_PARAMS } from "../server/analytics/detect/params.js";

const source = readFileSync(new URL("../server/analytics/detect/params.ts", import.meta.url), "utf8");
const body = source.slice(
  source.indexOf("export interface DetectParams"),
  source.indexOf("export const DEFAULT_DETECT_PARAMS"),
);

/** The doc comment right before `key:` in the interface, flattened to one line. */
function commentOf(key: string): string {
  const at = body.search(new RegExp(`\\n\\s*${key}:`));
  if (at < 0) return "";
  const before = body.slice(0, at);
  const end = before.lastIndexOf("*/");
  const start = before.lastIndexOf("/**");
  if (end < 0 || start < 0 || before.slice(end + 2).trim() !== "") return "";
  return before
    .slice(start + 3, end)
    .split("\n")
    .map((l) => l.replace(/^\s*\*\s?/, "").trim())
    .join(" ")
    .replace(/\|/g, "\\|")
    .trim();
}

const HOUR = 3_600_000;
function shown(key: string, v: unknown): string {
  if (typeof v === "number" && key.endsWith("Ms")) {
    return v === 24 * HOUR
      ? "1 day"
      : v % (24 * HOUR) === 0
        ? `${v / (24 * HOUR)} days`
        : v % HOUR === 0
          ? `${v / HOUR} h`
          : `${v / 60_000} min`;
  }
  return typeof v === "string" ? `"${v}"` : String(v);
}

/** The table, one line per setting. */
export function detectParamsTable(): string {
  const lines = ["| setting | default | meaning |", "|---|---|---|"];
  for (const [key, v] of Object.entries(DEFAULT_DETECT_PARAMS))
    lines.push(`| \`${key}\` | ${shown(key, v)} | ${commentOf(key)} |`);
  return lines.join("\n");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!))
  console.log(detectParamsTable());
