/**
 * Child process of embedded-bulk-load.test.ts: opens the embedded store in argv[2], starts a bulk load, writes
 * argv[3] batches of 200 transfers, prints "written" and waits inside the load until it is killed.
 */
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import { bulkTransfers } from "./bulk-load.fixtures.js";

const [dataDir, batches] = [process.argv[2]!, Number(process.argv[3])];
const store = await openEmbeddedStore({ dataDir });
await store.bulkLoad(async () => {
  for (const batch of bulkTransfers(batches)) await store.writeBatch(batch);
  process.stdout.write("written\n");
  await new Promise(() => setInterval(() => undefined, 1000));
});
