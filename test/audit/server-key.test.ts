/**
 * The server loads the audit signing key when it starts: created mode 0600 in the data folder on the first start,
 * and a key that cannot be created stops the start with the key file's path.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AuditHeadError } from "../../server/audit/index.js";
import { readEnv } from "../../server/config.js";
import { startServer } from "../../server/index.js";
import { createLogger } from "../../server/logger.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import { startTestServer } from "../api/harness.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the audit signing key at server start", () => {
  it("is created with mode 0600 next to the database before any request", async () => {
    const t = await startTestServer();
    try {
      expect(statSync(path.join(t.dataDir, "audit-signing.key")).mode & 0o777).toBe(0o600);
    } finally {
      await t.close();
    }
  });

  it("stops the start with the key file's path when it cannot be created", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-server-key-"));
    dirs.push(dir);
    const blocker = path.join(dir, "not-a-folder");
    writeFileSync(blocker, "");
    const keyFile = path.join(blocker, "audit-signing.key");
    const store = await openEmbeddedStore({
      dataDir: path.join(dir, "data"),
      auditHeadLog: { headLog: path.join(dir, "audit-heads.log"), keyFile },
    });
    try {
      const start = startServer({
        env: readEnv({ LOG_LEVEL: "silent" }),
        port: 0,
        host: "127.0.0.1",
        store,
        logger: createLogger("silent"),
        handleSignals: false,
        options: { clientDir: null },
      });
      await expect(start).rejects.toThrow(AuditHeadError);
      await expect(start).rejects.toThrow(keyFile);
    } finally {
      await store.close();
    }
  });
});
