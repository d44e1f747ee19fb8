/**
 * The one analysis runner: validate the settings, read the store's projection, detect, write the result back as the
 * current analysis. `mulegraph analyze` detects on its own thread; the API passes a detector that runs in a worker
 * thread (server/jobs/analysis.ts) so that a long detection does not stall other requests. Same steps either way.
 */
import type { AnalysisResult, Projection } from "../../model/analysis.js";
import type { AnalysisPort } from "../store/ports/analysis.js";
import type { GraphReadPort } from "../store/ports/graph.js";
import { detect, resolveDetectParams, type DetectParams } from "./detect/index.js";

/** What an analysis reads and writes. */
export type AnalysisStore = Pick<GraphReadPort, "projection"> & AnalysisPort;

/** Runs detection on a projection with resolved settings (here, or in a worker). */
export type Detector = (
  projection: Projection,
  params: DetectParams,
) => AnalysisResult | Promise<AnalysisResult>;

/**
 * Validate the settings (DetectParamsError before any work), read the projection, detect, write the result back.
 * The run's timings gain `projectionMs`, the time the store took to hand over the projection.
 */
export async function runAnalysis(
  store: AnalysisStore,
  partial: Partial<DetectParams> = {},
  detector: Detector = detect,
): Promise<AnalysisResult> {
  const params = resolveDetectParams(partial);
  const t0 = performance.now();
  const projection = await store.projection();
  const projectionMs = Math.round(performance.now() - t0);
  const result = await detector(projection, params);
  result.run.params.timings = { ...(result.run.params.timings as object), projectionMs };
  await store.writeAnalysis(result);
  return result;
}
