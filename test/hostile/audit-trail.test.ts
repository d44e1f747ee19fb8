/**
 * The audit-trail probes (audit-probes.ts) on the embedded store: the insider edits its SQLite file with a second
 * connection while the store is open.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { DB_FILE, openEmbeddedStore } from "../../server/store/embedded/index.js";
import { auditProbes } from "./audit-probes.js";

auditProbes("embedded", async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-audit-embedded-"));
  const store = await openEmbeddedStore({ dataDir });
  const db = new Database(path.join(dataDir, DB_FILE));
  return {
    store,
    tamper: {
      async remove(seqs) {
        if (!seqs) db.prepare("DELETE FROM audit").run();
        else for (const s of seqs) db.prepare("DELETE FROM audit WHERE seq = ?").run(s);
      },
      async overwrite(entries) {
        const update = db.prepare(
          "UPDATE audit SET ts = ?, actor = ?, action = ?, target = ?, params = ?, prev_hash = ?, hash = ? WHERE seq = ?",
        );
        for (const e of entries) {
          update.run(e.ts, e.actor, e.action, e.target, JSON.stringify(e.params), e.prevHash, e.hash, e.seq);
        }
      },
    },
    async close() {
      db.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
