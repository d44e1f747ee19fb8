/**
 * Four eyes and case changes on the embedded store (server/cases): a close waits for a second user, the requester
 * cannot decide it, two approvers at once → one decision, an approval applies to the case as it is by then, and a
 * referral names an active prosecutor.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCase,
  decide,
  DEFAULT_CASEWORK_POLICY,
  requestClose,
  updateCase,
  type Actor,
} from "../../server/cases/index.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import type { GraphStore } from "../../server/store/types.js";

const ivan: Actor = { username: "ivan", role: "investigator" };
const olga: Actor = { username: "olga", role: "investigator" };
const root: Actor = { username: "root", role: "admin" };

describe("cases and four eyes", () => {
  let dir: string;
  let store: GraphStore;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-cases-"));
    store = await openEmbeddedStore({ dataDir: dir });
    for (const u of [ivan, olga, root, { username: "pavel", role: "prosecutor" as const }])
      await store.putUser({ ...u, passwordHash: "x", createdAt: 1 });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("closes only after a second user approves, with the outcome asked for, on the case as it is by then", async () => {
    const c = await createCase(store, ivan, { title: "ring" }, 1_000);
    const asked = await requestClose(store, DEFAULT_CASEWORK_POLICY, ivan, c.id, 1, "no offence", 2_000);
    expect(asked.done).toBeNull();
    expect((await store.getCase(c.id))?.status).toBe("open");
    await expect(decide(store, ivan, asked.approval!.id, true, null)).rejects.toMatchObject({
      name: "CaseworkForbiddenError",
    });
    // Someone changes the priority meanwhile: the approval still applies, and keeps that change.
    await updateCase(store, olga, c.id, 1, { priority: "urgent" }, 2_500);
    const results = await Promise.allSettled([
      decide(store, olga, asked.approval!.id, true, null, 3_000),
      decide(store, root, asked.approval!.id, false, "not yet", 3_000),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
      name: "ApprovalStateError",
    });
    expect(await store.getCase(c.id)).toMatchObject({
      status: "closed",
      outcome: "no offence",
      priority: "urgent",
      version: 3,
    });
  });

  it("asks a rejection for its reason", async () => {
    const c = await createCase(store, ivan, { title: "second" });
    const asked = await requestClose(store, DEFAULT_CASEWORK_POLICY, ivan, c.id, 1, "duplicate");
    await expect(decide(store, olga, asked.approval!.id, false, " ")).rejects.toMatchObject({
      name: "CaseworkValidationError",
      field: "body.note",
    });
    await expect(requestClose(store, DEFAULT_CASEWORK_POLICY, olga, c.id, 1, "again")).rejects.toMatchObject({
      name: "CaseworkValidationError",
    });
  });

  it("refers a case only to an active prosecutor, and closes at once when four eyes is off", async () => {
    const c = await createCase(store, ivan, { title: "third" });
    await expect(
      updateCase(store, ivan, c.id, 1, { status: "referred", referredTo: "olga" }),
    ).rejects.toMatchObject({ name: "CaseworkValidationError", field: "body.referredTo" });
    const referred = await updateCase(store, ivan, c.id, 1, { status: "referred", referredTo: "pavel" });
    expect(referred).toMatchObject({ referredTo: "pavel", version: 2 });
    const off = { ...DEFAULT_CASEWORK_POLICY, fourEyes: false };
    const closed = await requestClose(store, off, ivan, c.id, 2, "sent to court");
    expect(closed.done).toMatchObject({ status: "closed", outcome: "sent to court", version: 3 });
    await expect(updateCase(store, ivan, c.id, 3, { title: "late" })).rejects.toMatchObject({
      name: "CaseworkValidationError",
    });
  });
});
