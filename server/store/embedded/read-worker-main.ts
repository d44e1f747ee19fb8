/**
 * A read worker: one read-only connection to the store's database, answering { id, method, args } with
 * { id, value } or { id, error }. See read-pool.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { EdgePage, EntityType, NodeId, Subgraph } from "../../../model/graph.js";
import type { NeighbourhoodFilter } from "../types.js";
import type { ReadMethod } from "./read-pool.js";
import * as reads from "./reads.js";

const { file } = workerData as { file: string };
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 10000");
db.pragma("cache_size = -131072");
db.pragma("temp_store = MEMORY");

function call(method: ReadMethod, args: unknown[]): unknown {
  switch (method) {
    case "search":
      return reads.search(
        db,
        args[0] as string,
        args[1] as { limit?: number; types?: EntityType[] } | undefined,
      );
    case "entity":
      return reads.entity(db, args[0] as NodeId, args[1] as EdgePage | undefined);
    case "neighbourhood":
      return reads.neighbourhood(db, args[0] as NodeId[], args[1] as NeighbourhoodFilter | undefined);
  }
}

/**
 * A read's answer as JSON text (serialize: true): built here, so that the server's thread neither copies the objects
 * in nor stringifies them (a 500-node neighbourhood is 1.6 MB of JSON, tens of ms); a string crosses as one copy.
 */
function serialized(method: ReadMethod, value: unknown): unknown {
  if (method === "neighbourhood") {
    const s = value as Subgraph;
    return { json: JSON.stringify(s), nodes: s.nodes.length, edges: s.edges.length, truncated: s.truncated };
  }
  return value === null ? null : JSON.stringify(value);
}

parentPort!.on("message", (m: { id: number; method: ReadMethod; args: unknown[]; serialize?: boolean }) => {
  const { id, method, args } = m;
  try {
    const value = call(method, args);
    parentPort!.postMessage({ id, value: m.serialize ? serialized(method, value) : value });
  } catch (err) {
    const e = err as Error;
    parentPort!.postMessage({ id, error: { name: e.name ?? "Error", message: e.message ?? String(err) } });
  }
});
