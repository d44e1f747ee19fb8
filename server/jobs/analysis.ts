/**
 * Running an analysis for the API: the one analysis runner (server/analytics/run-analysis.ts) with detection in a
 * worker thread (CPU: Louvain, features, roles); the projection is read and the result written back on the main
 * thread (I/O). The same steps as `mulegraph analyze`, minus the event-loop stall.
 */
import { getHeapStatistics } from "node:v8";
import { Worker } from "node:worker_threads";
import type { AnalysisResult, Projection } from "../../model/analysis.js";
import { recordAlerts } from "../alerts/index.js";
import type { DetectParams } from "../analytics/detect/index.js";
import { runAnalysis, type AnalysisStore } from "../analytics/run-analysis.js";
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
 * The one analysis runner (server/analytics/run-analysis.ts) with detection in a worker thread; then, as after
 * `mulegraph analyze`, new or changed clusters and high-scoring accounts become alerts (docs/CASES.md).
 */
export async function runAnalysisOffThread(
  store: AnalysisStore &
    Pick<GraphReadPort, "accounts" | "transfers"> &
    Pick<CaseworkStore, "listAlerts" | "putAlerts">,
  partial: Partial<DetectParams>,
): Promise<AnalysisResult> {
  const result = await runAnalysis(store, partial, detectInWorker);
  await recordAlerts(store, result);
  return result;
}
