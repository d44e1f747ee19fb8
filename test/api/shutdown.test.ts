/**
 * Graceful shutdown when a client hung up: its request handler keeps running after the connection is gone, so the
 * server must not close the store under it (the read would fail and the view would be missing from the audit trail).
 */
import { rmSync } from "node:fs";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../server/logger.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import type { GraphStore } from "../../server/store/types.js";
import { startTestServer } from "./harness.js";

/** A deferred promise: `open()` resolves it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe("graceful shutdown", () => {
  it("waits for the handler of a client that hung up before closing the store, and its view is audited", async () => {
    const entered = gate();
    const release = gate();
    // The real embedded store, with neighbourhood() held at a gate so the client can hang up meanwhile.
    const openStore = async (dataDir: string): Promise<GraphStore> => {
      const store = await openEmbeddedStore({ dataDir });
      return new Proxy(store, {
        get(target, prop, receiver) {
          if (prop === "neighbourhood") {
            return async (...args: Parameters<GraphStore["neighbourhood"]>) => {
              entered.open();
              await release.promise;
              return target.neighbourhood(...args);
            };
          }
          const value: unknown = Reflect.get(target, prop, receiver);
          return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    };
    const errors: string[] = [];
    const logger = createLogger(
      "warn",
      new Writable({
        write(chunk: Buffer, _enc, done) {
          errors.push(chunk.toString());
          done();
        },
      }),
    );
    const server = await startTestServer({ openStore, logger });
    try {
      const client = await server.as("investigator");
      const abort = new AbortController();
      const request = fetch(`${server.url}/api/graph/neighbourhood?ids=account%3AKZ000&depth=1`, {
        headers: { cookie: client.cookie },
        signal: abort.signal,
      }).catch((err: Error) => err);
      await entered.promise;
      abort.abort();
      expect(await request).toBeInstanceOf(Error);

      let closed = false;
      const closing = server.running.close().then(() => (closed = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(closed).toBe(false);
      release.open();
      await closing;
      expect(errors).toEqual([]);

      const reopened = await openEmbeddedStore({ dataDir: server.dataDir });
      try {
        const actions = (await reopened.auditEntries({ limit: 100 })).map((e) => e.action);
        expect(actions).toContain("graph.neighbourhood");
      } finally {
        await reopened.close();
      }
    } finally {
      release.open();
      await server.running.close();
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
});
