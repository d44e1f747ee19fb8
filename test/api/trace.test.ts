/**
 * Tracing over HTTP gives what `mulegraph trace` gives: the same tracer, and the freeze list's "now" (asOf) is the end
 * of the stored data, not the last transfer the trace happened to read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { traceFunds } from "../../server/analytics/trace/index.js";
import { ACC, CASE, FILE, src, T } from "../store/store.fixtures.js";
import { type ApiClient, startTestServer, type TestServer } from "./harness.js";
import { seedKnownCase } from "./seed.fixtures.js";

/** A transfer between the shop and the foreign bank a week after everything else, away from the victim's money. */
const LATER = T.t5 + 7 * 86_400_000;

describe("tracing over HTTP", () => {
  let t: TestServer;
  let investigator: ApiClient;
  beforeAll(async () => {
    t = await startTestServer();
    await seedKnownCase(t.store);
    await t.store.writeBatch([
      {
        kind: "transfer",
        txId: "LATER-0001",
        from: ACC.S,
        to: ACC.V,
        ts: LATER,
        amount: 1000,
        currency: "KZT",
        amountKzt: 1000,
        rateSource: "kzt",
        sources: [src(FILE.REG, 99)],
      },
    ]);
    investigator = await t.as("investigator");
  });
  afterAll(() => t.close());

  it("answers with the CLI's result: the freeze list measured up to the last stored transfer", async () => {
    const stats = await t.store.stats();
    expect(stats.lastTransferAt).toBe(LATER);
    const res = await investigator.post<{ asOf: number; freezeList: { heldForMs: number }[] }>("/api/trace", {
      complaints: [CASE],
    });
    expect(res.status).toBe(200);
    const cli = await traceFunds(t.store, { complaints: [CASE], asOf: stats.lastTransferAt ?? undefined });
    expect(res.body).toEqual(JSON.parse(JSON.stringify(cli)));
    expect(res.body.asOf).toBe(LATER);
  });

  it("uses the asOf the request gives", async () => {
    const res = await investigator.post<{ asOf: number }>("/api/trace", { complaints: [CASE], asOf: T.t5 });
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe(T.t5);
  });
});
