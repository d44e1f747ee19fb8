/**
 * Environment configuration, validated once at boot. Every setting an issue names lives here.
 */
import path from "node:path";
import { isIP } from "node:net";
import { z } from "zod";
import { parseTimeSetting, type PlausibleTime } from "../ingest/time-window.js";
import { DEFAULT_ZONE } from "../model/time.js";
import { defaultAuditHeadLog } from "./store/audit-location.js";
import type { StoreConfig } from "./store/config.js";

export type { StoreConfig } from "./store/config.js";

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default("127.0.0.1"),
  MULEGRAPH_DATA_DIR: z.string().optional(),
  NEO4J_URI: z.string().optional(),
  NEO4J_USERNAME: z.string().default("neo4j"),
  NEO4J_PASSWORD: z.string().optional(),
  NEO4J_DATABASE: z.string().optional(),
  /** A stopped Neo4j server's folder, for `ingest --offline-import` (neo4j-admin database import). */
  NEO4J_HOME: z.string().optional(),
  /** The neo4j-admin program for `ingest --offline-import`; default $NEO4J_HOME/bin/neo4j-admin. */
  NEO4J_ADMIN: z.string().optional(),
  /** Neo4j bulk loads: transfer records held back so both banks' sides are written together (0: none). */
  NEO4J_BULK_HOLD_RECORDS: z.coerce.number().int().min(0).max(100_000_000).optional(),
  MULEGRAPH_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
  /** All files of one upload request together; default the larger of 1 GiB and MULEGRAPH_UPLOAD_MAX_BYTES. */
  MULEGRAPH_UPLOAD_MAX_REQUEST_BYTES: z.coerce.number().int().positive().optional(),
  /** Express `trust proxy`: which proxies' X-Forwarded-* headers to believe (trustProxySetting). */
  MULEGRAPH_TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .superRefine((v, ctx) => {
      if (v === undefined) return;
      try {
        trustProxySetting(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
      }
    }),
  /** Rows dated before this are rejected at ingest (a date, local time in Asia/Almaty); default 1990-01-01. */
  MULEGRAPH_TIME_NOT_BEFORE: z
    .string()
    .trim()
    .optional()
    .superRefine((v, ctx) => dateIssue(v, ctx)),
  /** Rows dated after this are rejected at ingest; default the upload / ingest time plus one day. */
  MULEGRAPH_TIME_NOT_AFTER: z
    .string()
    .trim()
    .optional()
    .superRefine((v, ctx) => dateIssue(v, ctx)),
  /** Edges a neighbourhood answer carries at most; above it the answer is cut and says `truncated`. */
  MULEGRAPH_NEIGHBOURHOOD_MAX_EDGES: z.coerce.number().int().positive().default(20_000),
  MULEGRAPH_READ_WORKERS: z.coerce.number().int().min(0).max(16).default(2),
  /** Embedded store: a bulk load (an ingest) commits every this many records; default 10 000 000 (embedded/write.ts). */
  MULEGRAPH_BULK_GROUP_RECORDS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      const n = Number(v);
      if (Number.isInteger(n) && n >= 1) return n;
      ctx.addIssue({ code: "custom", message: `must be a positive whole number of records, got "${v}"` });
      return z.NEVER;
    }),
  /** Ed25519 key signing the audit tree heads; default <dataDir>/audit-signing.key (created mode 0600). */
  MULEGRAPH_AUDIT_KEY_FILE: z.string().optional(),
  /** Append-only log of signed audit tree heads, outside the database; default <dataDir>/audit-heads.log. */
  MULEGRAPH_AUDIT_HEAD_LOG: z.string().optional(),
  /** Four eyes: closing a case, and dismissing a high-scoring alert, need a second user's approval (server/cases). */
  MULEGRAPH_FOUR_EYES: z.enum(["on", "off"]).default("on"),
  /** Dismissing an alert scoring at least this (0–100) needs approval while four eyes is on. */
  MULEGRAPH_FOUR_EYES_MIN_SCORE: z.coerce.number().min(0).max(100).default(50),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `mulegraph user add`: the new user's password, when not typed or piped (--password-stdin). */
  MULEGRAPH_PASSWORD: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Was HOST set at all? Its default is loopback; only a HOST someone set (or --host) may expose the API beyond it.
 */
export function hostIsSet(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.HOST !== undefined;
}

/**
 * MULEGRAPH_DEBUG set (any value): the CLI prints an unexpected error's stack. Read apart from readEnv, so that it
 * also works when the rest of the environment is invalid.
 */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.MULEGRAPH_DEBUG);
}

/** Parse the environment; throws ConfigError naming each bad variable. */
/** This process's whole environment, for a child that needs it (neo4j-admin under `ingest --offline-import`). */
export function processEnvironment(): NodeJS.ProcessEnv {
  return process.env;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`config: invalid environment: ${problems}`);
  }
  return parsed.data;
}

/** Which store to open: `--data-dir` beats MULEGRAPH_DATA_DIR beats ./data; NEO4J_URI selects Neo4j. */
export function storeConfig(env: Env, dataDirFlag?: string): StoreConfig {
  const dataDir = path.resolve(dataDirFlag ?? env.MULEGRAPH_DATA_DIR ?? "data");
  const defaults = defaultAuditHeadLog(dataDir);
  const auditHeadLog = {
    headLog: env.MULEGRAPH_AUDIT_HEAD_LOG ? path.resolve(env.MULEGRAPH_AUDIT_HEAD_LOG) : defaults.headLog,
    keyFile: env.MULEGRAPH_AUDIT_KEY_FILE ? path.resolve(env.MULEGRAPH_AUDIT_KEY_FILE) : defaults.keyFile,
  };
  const bulkGroupRecords = env.MULEGRAPH_BULK_GROUP_RECORDS;
  if (!env.NEO4J_URI) return { dataDir, auditHeadLog, ...(bulkGroupRecords ? { bulkGroupRecords } : {}) };
  if (env.NEO4J_PASSWORD === undefined) {
    throw new ConfigError("config: NEO4J_URI is set but NEO4J_PASSWORD is not");
  }
  return {
    dataDir,
    auditHeadLog,
    neo4j: {
      uri: env.NEO4J_URI,
      username: env.NEO4J_USERNAME,
      password: env.NEO4J_PASSWORD,
      database: env.NEO4J_DATABASE,
      ...(env.NEO4J_BULK_HOLD_RECORDS !== undefined ? { bulkHoldRecords: env.NEO4J_BULK_HOLD_RECORDS } : {}),
    },
  };
}

function dateIssue(v: string | undefined, ctx: z.RefinementCtx): void {
  if (v === undefined || v === "") return;
  try {
    parseTimeSetting(v, "date", DEFAULT_ZONE);
  } catch {
    ctx.addIssue({ code: "custom", message: `"${v}" is not a date (use YYYY-MM-DD)` });
  }
}

/**
 * The plausible time window of an ingest (ingest/time-window.ts) from the environment, with command-line values
 * (`--not-before`, `--not-after`) over it. Unset ends keep the ingest's defaults. Throws ConfigError naming the bad
 * value.
 */
export function plausibleTime(
  env: Env,
  flags: { notBefore?: string; notAfter?: string } = {},
): PlausibleTime {
  const out: PlausibleTime = {};
  const read = (raw: string | undefined, what: string): number | undefined => {
    if (raw === undefined || raw === "") return undefined;
    try {
      return parseTimeSetting(raw, what, DEFAULT_ZONE);
    } catch (e) {
      throw new ConfigError(`config: ${(e as Error).message}`);
    }
  };
  const notBefore =
    read(flags.notBefore, "--not-before") ?? read(env.MULEGRAPH_TIME_NOT_BEFORE, "MULEGRAPH_TIME_NOT_BEFORE");
  const notAfter =
    read(flags.notAfter, "--not-after") ?? read(env.MULEGRAPH_TIME_NOT_AFTER, "MULEGRAPH_TIME_NOT_AFTER");
  if (notBefore !== undefined) out.notBefore = notBefore;
  if (notAfter !== undefined) out.notAfter = notAfter;
  if (notBefore !== undefined && notAfter !== undefined && !(notBefore < notAfter)) {
    throw new ConfigError("config: the plausible time window is empty: not-before is not before not-after");
  }
  return out;
}

/** The cap on one upload request's files together. */
export function uploadRequestCap(env: Env): number {
  return env.MULEGRAPH_UPLOAD_MAX_REQUEST_BYTES ?? Math.max(1024 ** 3, env.MULEGRAPH_UPLOAD_MAX_BYTES);
}

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * MULEGRAPH_TRUST_PROXY → Express's `trust proxy` value. Unset or "false": no proxy is trusted (X-Forwarded-For is
 * ignored, req.ip is the peer). A number: that many proxy hops in front. Otherwise a comma-separated list of proxy
 * addresses, subnets (CIDR) or the names loopback, linklocal, uniquelocal. "true" (trust any sender) is refused: any
 * client could then pick its own address and dodge the per-address login limit.
 */
export function trustProxySetting(raw: string | undefined): false | number | string[] {
  const v = (raw ?? "").trim();
  if (v === "" || v === "false") return false;
  if (/^\d+$/.test(v)) return Number(v);
  if (v === "true") {
    throw new ConfigError(
      "config: MULEGRAPH_TRUST_PROXY=true would trust any client's X-Forwarded-For; give the proxy's address, subnet or hop count",
    );
  }
  const items = v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const item of items) {
    if (PROXY_NAMES.has(item)) continue;
    const [addr, bits, ...more] = item.split("/");
    const family = isIP(addr ?? "");
    const maxBits = family === 6 ? 128 : 32;
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !okBits || more.length > 0) {
      throw new ConfigError(
        `config: MULEGRAPH_TRUST_PROXY: "${item}" is not an IP address, a subnet (CIDR), a hop count or one of loopback, linklocal, uniquelocal`,
      );
    }
  }
  return items;
}
