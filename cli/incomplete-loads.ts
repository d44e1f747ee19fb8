/**
 * Commands that present the store's data as a case (analyze, trace, export, recovery) first look for loads that did
 * not complete (a killed or failed ingest or upload): analyze refuses to run, the others say so on stderr, so nobody
 * takes part of a load for the whole. docs/MODEL.md § Loads.
 */
import { UserFacingError, type CliContext } from "./context.js";

/** Commands that warn, and the one that refuses. */
const WARNS = new Set(["trace", "export", "recovery"]);
const REFUSES = new Set(["analyze"]);

export async function checkIncompleteLoads(command: string, ctx: CliContext): Promise<void> {
  if (!WARNS.has(command) && !REFUSES.has(command)) return;
  const store = await ctx.store();
  // A read-only copy of a store from before loads were recorded has no load records: nothing to say.
  const loads = await store.listLoads({ incomplete: true }).catch(() => []);
  if (loads.length === 0) return;
  const ids = loads.map((l) => l.id).join(", ");
  const what = `${loads.length === 1 ? "load" : "loads"} ${ids} did not complete`;
  const remedy = "`mulegraph loads` shows how to resume each (re-run the same ingest) or roll it back";
  if (REFUSES.has(command)) {
    throw new UserFacingError(
      `${command}: ${what}, so the store may hold part of a file set; clusters found now would be taken for the ` +
        `case's. ${remedy}, then run ${command} again.`,
    );
  }
  process.stderr.write(
    `mulegraph: warning: ${what}; what follows may rest on part of its files. ${remedy}.\n`,
  );
}
