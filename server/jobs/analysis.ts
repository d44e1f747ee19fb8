/**
 * Running an analysis for the API: the store's projection is read on the main thread (I/O), detection runs in a
 * worker thread (CPU: Louvain, features, roles), the result is written back on the main thread. The same three
 * steps as runAnalysis() in server/analytics/detect, minus the event-loop stall.
 */
import { getHeapStatistics } from "node:v8";
import { Worker } from "node:worker_threads";
import type { AnalysisResult, Projection } from "../../model/analysis.js";
import { recordAlerts } from "../alerts/index.js";
import { resolveDetectParams, type DetectParams } from "../analytics/detect/index.js";
import type { AnalysisPort } from "../store/ports/analysis.js";
import type { CaseworkStore } from "../store/ports/casework.js";
import type { GraphReadPort } from "../store/ports/graph.js";

/** Detection failed inside the worker; carries the original error's name and message. */
export class AnalysisWorkerError extends Error {
  override name = "AnalysisWorkerError";
}

const BOOT = new URL("./worker-boot.mjs", import.meta.url);
const ENTRY = new URL("./detect-worker.ts", import.meta.url).href;

/** Run detect() on a projection in a worker thread. */
export function detectInWorker(projection: Projection, params: DetectParams): Promise<AnalysisResult> {
  // The worker gets the same heap ceiling as this process (the projection is copied into it).
  const heapMb = Math.floor(getHeapStatistics().heap_size_limit / 1024 / 1024);
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, {
      workerData: { entry: ENTRY, projection, params },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    let settled = false;
    worker.once(
      "message",
      (m: { ok: true; result: AnalysisResult } | { ok: false; name: string; message: string }) => {
        settled = true;
        if (m.ok) resolve(m.result);
        else reject(new AnalysisWorkerError(`jobs/analysis: detection failed: ${m.name}: ${m.message}`));
        void worker.terminate();
      },
    );
    worker.once("error", (err) => {
      settled = true;
      reject(new AnalysisWorkerError(`jobs/analysis: detection worker crashed: ${err.message}`));
    });
    worker.once("exit", (code) => {
      if (!settled)
        reject(new AnalysisWorkerError(`jobs/analysis: detection worker exited with code ${code}`));
    });
  });
}

/**
 * Validate the settings (DetectParamsError before any work), read the projection, detect in a worker, write the
 * result back as the current analysis.
 */
export async function runAnalysisOffThread(
  store: Pick<GraphReadPort, "projection" | "accounts" | "transfers"> &
    AnalysisPort &
    Pick<CaseworkStore, "listAlerts" | "putAlerts">,
  partial: Partial<DetectParams>,
): Promise<AnalysisResult> {
  const params = resolveDetectParams(partial);
  const t0 = performance.now();
  const projection = await store.projection();
  const projectionMs = Math.round(performance.now() - t0);
  const result = await detectInWorker(projection, params);
  result.run.params.timings = { ...(result.run.params.timings as object), projectionMs };
  await store.writeAnalysis(result);
  // New or changed clusters and high-scoring accounts become alerts (docs/CASES.md).
  await recordAlerts(store, result);
  return result;
}
