/**
 * The casework contract (server/store/ports/casework.ts): alerts, cases, case links and approvals behave the same on
 * every store. Call `caseworkContract(name, open, reset?)` like the GraphStore contract (test/store/contract.ts).
 *
 * Pinned here: records round-trip exactly (nulls stay null, lists keep their order); lists are ordered by (createdAt,
 * id), links by (addedAt, kind, ref), approvals by (requestedAt, id); filters AND together; an update applies only
 * from the stored version (else StaleVersionError carrying the stored record, null when unknown), so of two updates
 * from one version exactly one wins; a second insert of an id is CaseworkExistsError; a link is added once per
 * (case, kind, ref); an approval is decided once (else ApprovalStateError).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AlertRecord,
  ApprovalRecord,
  CaseLink,
  CaseRecord,
  GraphStore,
} from "../../server/store/types.js";

export function alertFixture(over: Partial<AlertRecord> = {}): AlertRecord {
  const id = over.id ?? "alert-1";
  return {
    id,
    kind: "cluster",
    lineage: id,
    subject: "a".repeat(64),
    runId: "run-1",
    clusterId: "c-3",
    createdAt: 1_000,
    score: 81.5,
    typologies: ["fan_in", "cycle"],
    banks: ["HSBKKZKX", "KCJBKZKX"],
    members: ["KZ01", "KZ02", "KZ03"],
    transfers: ["tx-1", "tx-2"],
    reasons: ["3 drops forward within 30 minutes", "«кавычки» and <b>tags</b> stay text"],
    change: { kind: "new", previousId: null, addedMembers: [], removedMembers: [], addedTransfers: [] },
    status: "open",
    assignee: null,
    snoozedUntil: null,
    dismissReason: null,
    caseId: null,
    updatedAt: 1_000,
    updatedBy: "system",
    version: 1,
    ...over,
  };
}

export function caseFixture(over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: "CASE-1",
    title: "Ring around KZ01",
    status: "open",
    outcome: null,
    assignee: "investigator",
    priority: "high",
    referredTo: null,
    createdAt: 2_000,
    createdBy: "investigator",
    updatedAt: 2_000,
    updatedBy: "investigator",
    version: 1,
    ...over,
  };
}

function approvalFixture(over: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    id: "appr-1",
    action: "case.close",
    target: "CASE-1",
    params: { outcome: "no offence" },
    requestedBy: "investigator",
    requestedAt: 3_000,
    status: "pending",
    decidedBy: null,
    decidedAt: null,
    note: null,
    ...over,
  };
}

export function caseworkContract(
  name: string,
  open: () => Promise<GraphStore>,
  reset?: (store: GraphStore) => Promise<void>,
): void {
  describe(`${name} store: casework`, () => {
    let store: GraphStore;
    beforeAll(async () => {
      store = await open();
      await reset?.(store);
      await store.applySchema();
    });
    afterAll(async () => {
      await reset?.(store);
      await store.close();
    });

    it("stores alerts and reads them back exactly, by id and listed by (createdAt, id)", async () => {
      const a = alertFixture();
      const b = alertFixture({ id: "alert-0", createdAt: 1_000, kind: "account", members: ["KZ09"] });
      const c = alertFixture({ id: "alert-2", createdAt: 500, assignee: "investigator" });
      await store.putAlerts([a, b, c]);
      expect(await store.getAlert("alert-1")).toEqual(a);
      expect(await store.getAlert("no-such-alert")).toBeNull();
      expect((await store.listAlerts()).map((x) => x.id)).toEqual(["alert-2", "alert-0", "alert-1"]);
    });

    it("refuses an alert id stored already, and stores none of that batch", async () => {
      await expect(
        store.putAlerts([alertFixture({ id: "alert-new" }), alertFixture({ id: "alert-1" })]),
      ).rejects.toMatchObject({ name: "CaseworkExistsError" });
      expect(await store.getAlert("alert-new")).toBeNull();
    });

    it("filters alerts by kind, status, assignee, lineage and case, together", async () => {
      expect((await store.listAlerts({ kind: "account" })).map((x) => x.id)).toEqual(["alert-0"]);
      expect((await store.listAlerts({ assignee: "investigator" })).map((x) => x.id)).toEqual(["alert-2"]);
      expect((await store.listAlerts({ lineage: "alert-1" })).map((x) => x.id)).toEqual(["alert-1"]);
      expect(await store.listAlerts({ status: ["dismissed"] })).toEqual([]);
      expect((await store.listAlerts({ status: ["open"], kind: "cluster" })).map((x) => x.id)).toEqual([
        "alert-2",
        "alert-1",
      ]);
    });

    it("updates an alert from its stored version and refuses a second update from the same version", async () => {
      const stored = (await store.getAlert("alert-1"))!;
      const assigned = { ...stored, assignee: "investigator", version: 2, updatedBy: "investigator" };
      const dismissed = { ...stored, status: "dismissed" as const, dismissReason: "salary", version: 2 };
      expect(await store.updateAlert(assigned)).toEqual(assigned);
      const err = await store.updateAlert(dismissed).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: "StaleVersionError", current: assigned });
      expect(await store.getAlert("alert-1")).toEqual(assigned);
      expect((await store.listAlerts({ assignee: "investigator" })).map((x) => x.id)).toEqual([
        "alert-2",
        "alert-1",
      ]);
      const escalated = { ...assigned, status: "escalated" as const, caseId: "CASE-1", version: 3 };
      await store.updateAlert(escalated);
      expect((await store.listAlerts({ caseId: "CASE-1" })).map((x) => x.id)).toEqual(["alert-1"]);
    });

    it("lets exactly one of two concurrent updates from one version win", async () => {
      const stored = (await store.getAlert("alert-0"))!;
      const results = await Promise.allSettled([
        store.updateAlert({ ...stored, assignee: "a", version: stored.version + 1 }),
        store.updateAlert({ ...stored, assignee: "b", version: stored.version + 1 }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const [rejected] = results.filter((r) => r.status === "rejected");
      expect((rejected as PromiseRejectedResult).reason).toMatchObject({ name: "StaleVersionError" });
    });

    it("says an update of an unknown alert is stale with no current record", async () => {
      await expect(store.updateAlert(alertFixture({ id: "ghost", version: 2 }))).rejects.toMatchObject({
        name: "StaleVersionError",
        current: null,
      });
    });

    it("creates cases once, reads them back exactly and lists them by (createdAt, id) with filters", async () => {
      const one = caseFixture();
      const two = caseFixture({ id: "CASE-0", createdAt: 2_000, assignee: null, priority: "low" });
      const three = caseFixture({
        id: "CASE-2",
        createdAt: 1_500,
        status: "referred",
        referredTo: "prosecutor",
      });
      for (const c of [one, two, three]) await store.createCase(c);
      await expect(store.createCase(caseFixture())).rejects.toMatchObject({ name: "CaseworkExistsError" });
      expect(await store.getCase("CASE-1")).toEqual(one);
      expect(await store.getCase("CASE-404")).toBeNull();
      expect((await store.listCases()).map((c) => c.id)).toEqual(["CASE-2", "CASE-0", "CASE-1"]);
      expect((await store.listCases({ referredTo: "prosecutor" })).map((c) => c.id)).toEqual(["CASE-2"]);
      expect(
        (await store.listCases({ assignee: "investigator", status: ["open"] })).map((c) => c.id),
      ).toEqual(["CASE-1"]);
    });

    it("updates a case only from its stored version; a stale write gets the current case", async () => {
      const v1 = (await store.getCase("CASE-1"))!;
      const v2 = { ...v1, status: "in_review" as const, version: 2, updatedAt: 2_100 };
      await store.updateCase(v2);
      const err = await store.updateCase({ ...v1, title: "renamed", version: 2 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: "StaleVersionError", current: v2 });
      expect(await store.getCase("CASE-1")).toEqual(v2);
      const referred = { ...v2, status: "referred" as const, referredTo: "prosecutor", version: 3 };
      await store.updateCase(referred);
      expect((await store.listCases({ referredTo: "prosecutor" })).map((c) => c.id)).toEqual([
        "CASE-2",
        "CASE-1",
      ]);
    });

    it("links things to a case once each and lists them by (addedAt, kind, ref), params intact", async () => {
      const link = (over: Partial<CaseLink>): CaseLink => ({
        caseId: "CASE-1",
        kind: "cluster",
        ref: "c-3",
        params: {},
        addedBy: "investigator",
        addedAt: 4_000,
        ...over,
      });
      const cluster = link({ params: { members: ["KZ01", "KZ02"], runId: "run-1" } });
      const trace = link({ kind: "trace", ref: "CASE-77", params: { method: "fifo", hops: 64 } });
      const account = link({ kind: "account", ref: "KZ01", addedAt: 3_900 });
      expect(await store.addCaseLink(cluster)).toBe(true);
      expect(await store.addCaseLink(trace)).toBe(true);
      expect(await store.addCaseLink(account)).toBe(true);
      expect(await store.addCaseLink({ ...cluster, addedAt: 9_999 })).toBe(false);
      expect(await store.addCaseLink(link({ caseId: "CASE-0" }))).toBe(true);
      expect(await store.listCaseLinks("CASE-1")).toEqual([account, cluster, trace]);
      expect(await store.removeCaseLink("CASE-1", "account", "KZ01")).toBe(true);
      expect(await store.removeCaseLink("CASE-1", "account", "KZ01")).toBe(false);
      expect((await store.listCaseLinks("CASE-1")).map((l) => l.kind)).toEqual(["cluster", "trace"]);
      expect(await store.listCaseLinks("CASE-0")).toHaveLength(1);
    });

    it("keeps approvals, filters them by target and status, and decides each once", async () => {
      const a = approvalFixture();
      const b = approvalFixture({
        id: "appr-0",
        target: "alert-2",
        action: "alert.dismiss",
        requestedAt: 2_500,
      });
      await store.putApproval(a);
      await store.putApproval(b);
      await expect(store.putApproval(a)).rejects.toMatchObject({ name: "CaseworkExistsError" });
      expect(await store.getApproval("appr-1")).toEqual(a);
      expect((await store.listApprovals()).map((x) => x.id)).toEqual(["appr-0", "appr-1"]);
      expect((await store.listApprovals({ target: "CASE-1" })).map((x) => x.id)).toEqual(["appr-1"]);
      const approved = { ...a, status: "approved" as const, decidedBy: "admin", decidedAt: 3_100 };
      const rejected = {
        ...a,
        status: "rejected" as const,
        decidedBy: "other",
        decidedAt: 3_100,
        note: "no",
      };
      const results = await Promise.allSettled([
        store.decideApproval(approved),
        store.decideApproval(rejected),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
        name: "ApprovalStateError",
      });
      expect((await store.getApproval("appr-1"))?.status).not.toBe("pending");
      expect((await store.listApprovals({ status: "pending" })).map((x) => x.id)).toEqual(["appr-0"]);
      await expect(store.decideApproval({ ...approved, id: "appr-404" })).rejects.toMatchObject({
        name: "ApprovalStateError",
      });
    });
  });
}
