/**
 * Which analysis results become alerts, and how a cluster is recognised in a later run: an interface, defaults,
 * `validateAlertSettings` with precise messages and `resolveAlertSettings(partial)` (the settings triad of
 * docs/CASES.md).
 */
import { CaseworkValidationError } from "../cases/errors.js";

export interface AlertSettings {
  /** A cluster alerts when its score (0–100) is at least this. */
  clusterMinScore: number;
  /** An account outside every cluster of the run alerts when its score is at least this. */
  accountMinScore: number;
  /**
   * A cluster whose member set shares at least this Jaccard index with an earlier alerted cluster is that cluster
   * again (community ids change between runs; members mostly do not).
   */
  matchJaccard: number;
  /** An account alerted before alerts again only when its score rose by at least this. */
  accountRescoreStep: number;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = Object.freeze({
  clusterMinScore: 0,
  accountMinScore: 70,
  matchJaccard: 0.5,
  accountRescoreStep: 10,
});

/** Problems with a settings object, each naming the setting; empty when valid. */
export function validateAlertSettings(s: AlertSettings): string[] {
  const problems: string[] = [];
  for (const name of ["clusterMinScore", "accountMinScore", "accountRescoreStep"] as const) {
    if (!Number.isFinite(s[name]) || s[name] < 0 || s[name] > 100)
      problems.push(`${name} must be a number from 0 to 100 (got ${s[name]})`);
  }
  if (!Number.isFinite(s.matchJaccard) || s.matchJaccard <= 0 || s.matchJaccard > 1)
    problems.push(`matchJaccard must be above 0 and at most 1 (got ${s.matchJaccard})`);
  return problems;
}

/** The defaults with `partial` over them, validated. */
export function resolveAlertSettings(partial: Partial<AlertSettings> = {}): AlertSettings {
  const s = { ...DEFAULT_ALERT_SETTINGS, ...partial };
  const problems = validateAlertSettings(s);
  if (problems.length)
    throw new CaseworkValidationError(`alerts/settings: ${problems.join("; ")}`, "settings");
  return s;
}
