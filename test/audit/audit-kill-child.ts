/**
 * Child process of head-log-durability.test.ts: opens the embedded store in argv[2], audits argv[3] entries (all at
 * once, so that group commit writes them in a few batches, each with its signed head), prints "audited" and waits
 * until it is killed, its head log still open.
 */
import { audit } from "../../server/audit/index.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";

const [dataDir, count] = [process.argv[2]!, Number(process.argv[3])];
const store = await openEmbeddedStore({ dataDir });
await Promise.all(
  Array.from({ length: count }, (_, i) => audit(store, { actor: "child", action: "search", params: { i } })),
);
process.stdout.write("audited\n");
await new Promise(() => setInterval(() => undefined, 1000));
