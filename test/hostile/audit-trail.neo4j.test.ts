/**
 * The audit-trail probes (audit-probes.ts) on the Neo4j store: the insider edits the AuditEntry nodes with a driver
 * session of their own, while the head log stays outside the database (a file, as MULEGRAPH_AUDIT_HEAD_LOG names it).
 *
 * The suite empties the database: point NEO4J_URI only at a disposable database.
 */
import neo4j from "neo4j-driver";
import { describe, inject, it } from "vitest";
import { openNeo4jStore } from "../../server/store/neo4j/index.js";
import { auditProbes } from "./audit-probes.js";

const skip = inject("neo4jSkip");

if (skip) {
  describe.skip(`audit trail on neo4j — ${skip}`, () => {
    it("names a missing tail and a rewritten entry", () => undefined);
  });
} else {
  auditProbes("Neo4j", async () => {
    const cfg = {
      uri: inject("neo4jUri"),
      username: inject("neo4jUsername"),
      password: inject("neo4jPassword"),
      database: inject("neo4jDatabase") || undefined,
    };
    const store = await openNeo4jStore(cfg);
    await store.clear();
    const driver = neo4j.driver(cfg.uri, neo4j.auth.basic(cfg.username, cfg.password));
    const write = async (cypher: string, params: Record<string, unknown>) => {
      const session = driver.session({ database: cfg.database });
      try {
        await session.executeWrite((tx) => tx.run(cypher, params));
      } finally {
        await session.close();
      }
    };
    return {
      store,
      tamper: {
        async remove(seqs) {
          if (!seqs) await write("MATCH (e:AuditEntry) DELETE e", {});
          else
            await write("MATCH (e:AuditEntry) WHERE e.seq IN $seqs DELETE e", {
              seqs: seqs.map((s) => neo4j.int(s)),
            });
        },
        async overwrite(entries) {
          await write(
            `UNWIND $entries AS x
             MATCH (e:AuditEntry {seq: x.seq})
             SET e.ts = x.ts, e.actor = x.actor, e.action = x.action, e.target = x.target, e.params = x.params,
                 e.prevHash = x.prevHash, e.hash = x.hash`,
            {
              entries: entries.map((e) => ({
                ...e,
                seq: neo4j.int(e.seq),
                ts: neo4j.int(e.ts),
                params: JSON.stringify(e.params),
              })),
            },
          );
        },
      },
      async close() {
        await driver.close();
        await store.close();
      },
    };
  });
}
