/**
 * The hook after an analysis run is written: gather each cluster's transfers and banks from the store, raise the alerts
 * buildAlerts decides on, and store them. Called by the CLI `analyze` and the API's analysis job.
 */
import type { AnalysisResult } from "../../model/analysis.js";
import type { AlertRecord } from "../store/ports/casework.js";
import type { GraphStore } from "../store/types.js";
import { buildAlerts, type AccountSnapshot, type ClusterSnapshot } from "./build.js";
import { resolveAlertSettings, type AlertSettings } from "./settings.js";

export interface RecordAlertsOptions {
  settings?: Partial<AlertSettings>;
  /** Epoch ms the alerts are raised at; default now. */
  now?: number;
}

/** Raise and store the alerts of `result` (see build.ts); returns the new alerts, none when nothing changed. */
export async function recordAlerts(
  store: Pick<GraphStore, "listAlerts" | "putAlerts" | "transfers" | "accounts">,
  result: AnalysisResult,
  opts: RecordAlertsOptions = {},
): Promise<AlertRecord[]> {
  const settings = resolveAlertSettings(opts.settings);
  const clustered = new Set(result.clusters.flatMap((c) => c.members));
  const loners = result.accounts.filter((a) => !clustered.has(a.id) && a.score >= settings.accountMinScore);
  const wanted = result.clusters.filter((c) => c.score >= settings.clusterMinScore);
  const keys = [...new Set([...wanted.flatMap((c) => c.members), ...loners.map((a) => a.id)])].sort();

  const bankOf = new Map<string, string>();
  for (const a of await store.accounts(keys)) if (a.bank) bankOf.set(a.key, a.bank);
  const clusterOf = new Map<string, number[]>();
  wanted.forEach((c, i) => {
    for (const m of c.members) clusterOf.set(m, [...(clusterOf.get(m) ?? []), i]);
  });
  const txs = wanted.map(() => new Set<string>());
  const members = wanted.flatMap((c) => c.members);
  if (members.length) {
    for (const t of await store.transfers({ accounts: [...new Set(members)], direction: "both" })) {
      for (const i of new Set([...(clusterOf.get(t.from) ?? []), ...(clusterOf.get(t.to) ?? [])]))
        txs[i]!.add(t.txId);
    }
  }
  const banks = (accounts: string[]) =>
    accounts.map((k) => bankOf.get(k)).filter((b): b is string => b !== undefined);

  const clusters: ClusterSnapshot[] = wanted.map((c, i) => ({
    clusterId: c.id,
    score: c.score,
    members: c.members,
    transfers: [...txs[i]!],
    typologies: c.typologies ?? [],
    banks: banks(c.members),
    reasons: c.reasons,
  }));
  const accounts: AccountSnapshot[] = loners.map((a) => ({
    key: a.id,
    score: a.score,
    typologies: a.typologies ?? [],
    banks: banks([a.id]),
    reasons: a.reasons,
  }));
  const alerts = buildAlerts({
    runId: result.run.runId,
    now: opts.now ?? Date.now(),
    clusters,
    accounts,
    previous: await store.listAlerts(),
    settings,
  });
  if (alerts.length) await store.putAlerts(alerts);
  return alerts;
}
