/**
 * Environment configuration, validated once at boot. Every setting an issue names lives here.
 */
import path from "node:path";
import { z } from "zod";
import { defaultAuditHeadLog } from "./store/audit-location.js";
import type { AuditHeadLogLocation } from "./store/types.js";

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default("127.0.0.1"),
  MULEGRAPH_DATA_DIR: z.string().optional(),
  NEO4J_URI: z.string().optional(),
  NEO4J_USERNAME: z.string().default("neo4j"),
  NEO4J_PASSWORD: z.string().optional(),
  NEO4J_DATABASE: z.string().optional(),
  MULEGRAPH_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
  MULEGRAPH_READ_WORKERS: z.coerce.number().int().min(0).max(16).default(2),
  /** Ed25519 key signing the audit tree heads; default <dataDir>/audit-signing.key (created mode 0600). */
  MULEGRAPH_AUDIT_KEY_FILE: z.string().optional(),
  /** Append-only log of signed audit tree heads, outside the database; default <dataDir>/audit-heads.log. */
  MULEGRAPH_AUDIT_HEAD_LOG: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof EnvSchema>;

export interface StoreConfig {
  /** Folder of the embedded store. */
  dataDir: string;
  /** When set, Neo4j is used instead of the embedded store. */
  neo4j?: { uri: string; username: string; password: string; database?: string };
  /** Embedded store only: worker threads for interactive reads (the server sets it; the CLI does not). */
  readWorkers?: number;
  /** The audit trail's signed-head log and signing key, outside the database (both stores). */
  auditHeadLog?: AuditHeadLogLocation;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parse the environment; throws ConfigError naming each bad variable. */
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
  if (!env.NEO4J_URI) return { dataDir, auditHeadLog };
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
    },
  };
}
