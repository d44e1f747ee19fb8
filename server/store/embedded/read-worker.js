// Entry of a read worker thread (read-pool.ts). Plain JavaScript so that it starts under any loader: it registers
// tsx for this thread, then loads the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./read-worker-main.ts");
