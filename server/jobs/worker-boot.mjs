// Entry of worker threads that run TypeScript modules: worker threads do not inherit the tsx loader the main thread
// registered (bin/mulegraph.js), so register it here, then load the module named in workerData.entry.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.entry);
