/**
 * The analysis port: the results of the last detection run (community, role, score and reasons per account), written
 * by the analysis runner and read by the API and the evidence package.
 */
import type { AnalysisResult } from "../../../model/analysis.js";

export interface AnalysisPort {
  /** Replace the current analysis results with this run (community, role, score, reasons on each account). */
  writeAnalysis(result: AnalysisResult): Promise<void>;
  latestAnalysis(): Promise<AnalysisResult | null>;
}
