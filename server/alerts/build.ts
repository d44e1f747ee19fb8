/**
 * Which alerts a run raises, as a pure function of the run's clusters and accounts and the alerts raised before.
 *
 * A cluster is known across runs by its members, not its community id (which changes): first by the exact member set
 * (its SHA-256, `subject`), else by the earlier alerted cluster sharing the most members (Jaccard index at least
 * `matchJaccard`; each earlier cluster is matched once, best-scoring clusters first). A known cluster alerts again only
 * when something was added — members, or transfers touching its members — and the alert says what; an unchanged or
 * only shrunken one stays silent. An account outside every cluster alerts when its score reaches `accountMinScore`,
 * and again only when its score rose by `accountRescoreStep`. docs/CASES.md § Alerts.
 */
import { createHash } from "node:crypto";
import type { AlertChange, AlertRecord } from "../store/ports/casework.js";
import type { AlertSettings } from "./settings.js";

/** A cluster of the current run with what the alert needs. */
export interface ClusterSnapshot {
  clusterId: string;
  score: number;
  /** Account keys. */
  members: string[];
  /** Ids of transfers touching the members. */
  transfers: string[];
  typologies: string[];
  banks: string[];
  reasons: string[];
}

export interface AccountSnapshot {
  key: string;
  score: number;
  typologies: string[];
  banks: string[];
  reasons: string[];
}

export interface BuildAlertsInput {
  runId: string;
  now: number;
  clusters: ClusterSnapshot[];
  /** Accounts of the run outside every cluster. */
  accounts: AccountSnapshot[];
  /** Every alert raised before (any status). */
  previous: AlertRecord[];
  settings: AlertSettings;
}

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** SHA-256 hex of a sorted member list: the same set gives the same subject in every run. */
export function memberFingerprint(members: string[]): string {
  return createHash("sha256").update(sorted(members).join("\n")).digest("hex");
}

function jaccard(a: Set<string>, b: readonly string[]): number {
  let shared = 0;
  for (const x of b) if (a.has(x)) shared++;
  const union = a.size + b.length - shared;
  return union === 0 ? 0 : shared / union;
}

/** The newest alert of each lineage (by createdAt, then id). */
function latestByLineage(previous: AlertRecord[]): AlertRecord[] {
  const latest = new Map<string, AlertRecord>();
  for (const a of previous) {
    const seen = latest.get(a.lineage);
    if (!seen || a.createdAt > seen.createdAt || (a.createdAt === seen.createdAt && a.id > seen.id))
      latest.set(a.lineage, a);
  }
  return [...latest.values()];
}

function alertId(runId: string, kind: string, subject: string): string {
  return `AL-${createHash("sha256").update(`${runId}|${kind}|${subject}`).digest("hex").slice(0, 16)}`;
}

function diff(now: readonly string[], before: readonly string[]): string[] {
  const had = new Set(before);
  return now.filter((x) => !had.has(x));
}

/** The alerts a run raises (none for what is already known and unchanged); see the module header. */
export function buildAlerts(input: BuildAlertsInput): AlertRecord[] {
  const { runId, now, settings } = input;
  const latest = latestByLineage(input.previous);
  const clusterLineages = latest.filter((a) => a.kind === "cluster");
  const bySubject = new Map(clusterLineages.map((a) => [a.subject, a]));
  const taken = new Set<string>();
  const out: AlertRecord[] = [];

  const base = (kind: AlertRecord["kind"], subject: string) => ({
    id: alertId(runId, kind, subject),
    kind,
    subject,
    runId,
    createdAt: now,
    status: "open" as const,
    snoozedUntil: null,
    dismissReason: null,
    caseId: null,
    updatedAt: now,
    updatedBy: "system",
    version: 1,
  });

  const clusters = input.clusters
    .filter((c) => c.score >= settings.clusterMinScore)
    .sort((a, b) => b.score - a.score || (a.clusterId < b.clusterId ? -1 : 1));
  for (const c of clusters) {
    const members = sorted(c.members);
    const transfers = sorted(c.transfers);
    const subject = memberFingerprint(members);
    let match = bySubject.get(subject);
    if (match && taken.has(match.lineage)) match = undefined;
    if (!match) {
      const set = new Set(members);
      let best = 0;
      for (const prev of clusterLineages) {
        if (taken.has(prev.lineage)) continue;
        const j = jaccard(set, prev.members);
        if (j >= settings.matchJaccard && j > best) [best, match] = [j, prev];
      }
    }
    let change: AlertChange = {
      kind: "new",
      previousId: null,
      addedMembers: [],
      removedMembers: [],
      addedTransfers: [],
    };
    if (match) {
      taken.add(match.lineage);
      change = {
        kind: "changed",
        previousId: match.id,
        addedMembers: diff(members, match.members),
        removedMembers: diff(match.members, members),
        addedTransfers: diff(transfers, match.transfers),
      };
      if (!change.addedMembers.length && !change.addedTransfers.length) continue;
    }
    const b = base("cluster", subject);
    out.push({
      ...b,
      lineage: match?.lineage ?? b.id,
      clusterId: c.clusterId,
      score: c.score,
      typologies: [...c.typologies],
      banks: sorted(c.banks),
      members,
      transfers,
      reasons: [...c.reasons],
      change,
      // Whoever worked the earlier alert of this cluster gets the update.
      assignee: match?.assignee ?? null,
    });
  }

  const accountLineages = new Map(
    latest.filter((a) => a.kind === "account").map((a) => [a.subject, a] as const),
  );
  for (const a of [...input.accounts].sort((x, y) => (x.key < y.key ? -1 : 1))) {
    if (a.score < settings.accountMinScore) continue;
    const prev = accountLineages.get(a.key);
    if (prev && a.score < prev.score + settings.accountRescoreStep) continue;
    const b = base("account", a.key);
    out.push({
      ...b,
      lineage: prev?.lineage ?? b.id,
      clusterId: null,
      score: a.score,
      typologies: [...a.typologies],
      banks: sorted(a.banks),
      members: [a.key],
      transfers: [],
      reasons: [...a.reasons],
      change: {
        kind: prev ? "changed" : "new",
        previousId: prev?.id ?? null,
        addedMembers: [],
        removedMembers: [],
        addedTransfers: [],
      },
      assignee: prev?.assignee ?? null,
    });
  }
  return out;
}
