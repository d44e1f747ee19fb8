/** buildAlerts: which clusters and accounts of a run alert, given the alerts raised before (server/alerts/build.ts). */
import { describe, expect, it } from "vitest";
import {
  buildAlerts,
  DEFAULT_ALERT_SETTINGS,
  memberFingerprint,
  resolveAlertSettings,
  type ClusterSnapshot,
} from "../../server/alerts/index.js";
import type { AlertRecord } from "../../server/store/types.js";

const cluster = (over: Partial<ClusterSnapshot> = {}): ClusterSnapshot => ({
  clusterId: "c-1",
  score: 80,
  members: ["A", "B", "C", "D"],
  transfers: ["t1", "t2"],
  typologies: ["fan_in"],
  banks: ["HSBKKZKX"],
  reasons: ["fan-in of 4"],
  ...over,
});

const run = (runId: string, clusters: ClusterSnapshot[], previous: AlertRecord[], now = 1_000) =>
  buildAlerts({ runId, now, clusters, accounts: [], previous, settings: DEFAULT_ALERT_SETTINGS });

describe("buildAlerts", () => {
  const [first] = run("r1", [cluster()], []);

  it("raises a new cluster alert with the sorted members and its own lineage", () => {
    expect(first).toMatchObject({
      kind: "cluster",
      subject: memberFingerprint(["D", "C", "B", "A"]),
      members: ["A", "B", "C", "D"],
      change: { kind: "new", previousId: null },
      status: "open",
      version: 1,
    });
    expect(first!.lineage).toBe(first!.id);
  });

  it("stays silent for the same members and transfers under another community id", () => {
    expect(run("r2", [cluster({ clusterId: "c-9" })], [first!])).toEqual([]);
  });

  it("names the transfers added to an unchanged member set", () => {
    const [update] = run("r2", [cluster({ transfers: ["t1", "t2", "t3"] })], [first!]);
    expect(update?.change).toEqual({
      kind: "changed",
      previousId: first!.id,
      addedMembers: [],
      removedMembers: [],
      addedTransfers: ["t3"],
    });
    expect(update?.lineage).toBe(first!.lineage);
  });

  it("recognises a grown cluster by overlap and names the members it gained and lost", () => {
    const grown = cluster({ clusterId: "c-7", members: ["A", "B", "C", "E", "F"] });
    const [update] = run("r2", [grown], [first!]);
    expect(update?.change).toMatchObject({ addedMembers: ["E", "F"], removedMembers: ["D"] });
    expect(update?.lineage).toBe(first!.lineage);
  });

  it("takes a cluster sharing too few members for a new one", () => {
    const other = cluster({ members: ["A", "X", "Y", "Z"] });
    expect(run("r2", [other], [first!])[0]?.change.kind).toBe("new");
  });

  it("stays silent for a cluster that only shrank", () => {
    expect(run("r2", [cluster({ members: ["A", "B", "C"], transfers: ["t1"] })], [first!])).toEqual([]);
  });

  it("matches each earlier cluster once: of two overlapping clusters the higher-scoring one continues it", () => {
    const alerts = run(
      "r2",
      [
        cluster({ clusterId: "low", score: 60, members: ["A", "B", "C"], transfers: ["t9"] }),
        cluster({ clusterId: "high", score: 90, members: ["A", "B", "C", "D", "E"] }),
      ],
      [first!],
    );
    const byId = new Map(alerts.map((a) => [a.clusterId, a]));
    expect(byId.get("high")?.lineage).toBe(first!.lineage);
    expect(byId.get("low")?.change.kind).toBe("new");
  });

  it("compares with the latest alert of a lineage, and hands its assignee on", () => {
    const [update] = run("r2", [cluster({ transfers: ["t1", "t2", "t3"] })], [first!], 2_000);
    const assigned = { ...update!, assignee: "investigator" };
    const [again] = run("r3", [cluster({ transfers: ["t1", "t2", "t3", "t4"] })], [first!, assigned], 3_000);
    expect(again?.change).toMatchObject({ previousId: assigned.id, addedTransfers: ["t4"] });
    expect(again?.assignee).toBe("investigator");
  });

  it("leaves out clusters below the minimum score", () => {
    const settings = resolveAlertSettings({ clusterMinScore: 85 });
    expect(
      buildAlerts({ runId: "r1", now: 1, clusters: [cluster()], accounts: [], previous: [], settings }),
    ).toEqual([]);
  });

  it("alerts an account outside clusters once, and again only when its score rose by the step", () => {
    const account = { key: "KZ1", score: 75, typologies: [], banks: ["B"], reasons: ["r"] };
    const settings = DEFAULT_ALERT_SETTINGS;
    const input = { clusters: [], settings };
    const [a1] = buildAlerts({ ...input, runId: "r1", now: 1, accounts: [account], previous: [] });
    expect(a1).toMatchObject({ kind: "account", subject: "KZ1", members: ["KZ1"] });
    expect(
      buildAlerts({ ...input, runId: "r2", now: 2, accounts: [{ ...account, score: 84 }], previous: [a1!] }),
    ).toEqual([]);
    const [a2] = buildAlerts({
      ...input,
      runId: "r3",
      now: 3,
      accounts: [{ ...account, score: 85 }],
      previous: [a1!],
    });
    expect(a2).toMatchObject({ lineage: a1!.lineage, change: { kind: "changed", previousId: a1!.id } });
    expect(
      buildAlerts({ ...input, runId: "r1", now: 1, accounts: [{ ...account, score: 69 }], previous: [] }),
    ).toEqual([]);
  });

  it("refuses settings out of range, naming each", () => {
    expect(() => resolveAlertSettings({ matchJaccard: 0, accountMinScore: 101 })).toThrow(
      /accountMinScore.*matchJaccard/,
    );
    expect(() => resolveAlertSettings({ matchJaccard: 0 })).toThrowError(
      expect.objectContaining({ name: "CaseworkValidationError" }),
    );
  });
});
