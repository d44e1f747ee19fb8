/**
 * The arrows between the server's rooms (README § Architecture): the stores share helpers through server/store/, not
 * through each other; the store, analytics and auth know nothing of HTTP (server/api/) or of the environment
 * (server/config.ts), which is the only file that reads the environment. Read from the source, so a new file that
 * breaks a rule fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Source files under a folder (repo-relative, forward slashes). */
function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts"))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/** Every module a file names: static imports and re-exports (also type-only ones) and dynamic import(). */
export function importsOf(text: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gms,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) specs.push(m[1]!);
  return specs;
}

/** The repo-relative file a relative specifier points at (`.js` written for a `.ts` source), else null. */
function resolveSpec(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  return joined.replace(/\.js$/, ".ts").replace(/\.mjs$/, ".mts");
}

interface Rule {
  /** Files the rule is about. */
  from: string;
  /** What they must not import: a folder (ends with /) or a file. */
  forbidden: string;
}

const RULES: Rule[] = [
  { from: "server/store/neo4j/", forbidden: "server/store/embedded/" },
  { from: "server/store/embedded/", forbidden: "server/store/neo4j/" },
  ...["server/store/", "server/analytics/", "server/auth/"].flatMap((from) => [
    { from, forbidden: "server/api/" },
    { from, forbidden: "server/config.ts" },
  ]),
];

/** Each import that breaks a rule, as `file → target (rule)`. */
function violations(rules: Rule[]): string[] {
  const found: string[] = [];
  for (const rule of rules) {
    for (const file of sources(rule.from)) {
      for (const spec of importsOf(readFileSync(path.join(ROOT, file), "utf8"))) {
        const target = resolveSpec(file, spec);
        if (!target) continue;
        const hit = rule.forbidden.endsWith("/")
          ? target.startsWith(rule.forbidden)
          : target === rule.forbidden;
        if (hit) found.push(`${file} → ${target} (${rule.from} must not import ${rule.forbidden})`);
      }
    }
  }
  return found;
}

describe("the server's import arrows", () => {
  it("reads static, type-only, re-exported and dynamic imports alike", () => {
    const text = [
      'import { a } from "../api/errors.js";',
      'import type { B } from "../config.js";',
      "import {",
      "  c,",
      '} from "./multi.js";',
      'export { d } from "../store/embedded/fold.js";',
      'export type * from "./ports/graph.js";',
      'import "./side-effect.js";',
      'const m = await import("../neo4j/index.js");',
      '// a comment mentioning from "nowhere" is no import',
    ].join("\n");
    expect(importsOf(text).sort()).toEqual(
      [
        "../api/errors.js",
        "../config.js",
        "./multi.js",
        "../store/embedded/fold.js",
        "./ports/graph.js",
        "./side-effect.js",
        "../neo4j/index.js",
      ].sort(),
    );
  });

  it("finds a forbidden arrow when one is there", () => {
    // The rules are checked against a folder that does import server/api/ (the routes): the check is not vacuous.
    expect(violations([{ from: "server/api/routes/", forbidden: "server/api/" }]).length).toBeGreaterThan(0);
  });

  it("has no store importing the other, and nothing in store, analytics or auth importing server/api or server/config.ts", () => {
    expect(violations(RULES)).toEqual([]);
  });

  it("reads the environment only in server/config.ts", () => {
    const readsEnv = (f: string) => /\bprocess\.env\b/.test(readFileSync(path.join(ROOT, f), "utf8"));
    // The check sees a reader where there is one.
    expect(readsEnv("server/config.ts")).toBe(true);
    const readers = ["server/", "cli/"]
      .flatMap(sources)
      .filter((f) => f !== "server/config.ts" && readsEnv(f));
    expect(readers).toEqual([]);
  });
});
