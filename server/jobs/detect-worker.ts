/**
 * Worker-thread side of detection: receives a projection and settings, runs the pure detect() and posts the result
 * back. Runs off the main thread so that a long analysis never stalls the API's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Projection } from "../../model/analysis.js";
import { detect, type DetectParams } from "../analytics/detect/index.js";

const { projection, params } = workerData as { projection: Projection; params: DetectParams };
try {
  parentPort!.postMessage({ ok: true, result: detect(projection, params) });
} catch (err) {
  const e = err as Error;
  parentPort!.postMessage({ ok: false, name: e.name, message: e.message, stack: e.stack });
}
