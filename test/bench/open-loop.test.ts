/**
 * The open-loop load generator of bench:api (bench/open-loop.ts) against a real HTTP server on a free port: latency
 * counts from the scheduled send time, failures count, and the climb stops where a rate fails.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { findMaxRate, openLoopStep } from "../../bench/open-loop.js";

interface TestServer {
  url: string;
  close: () => Promise<void>;
}

function listen(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    }),
  );
}

/** A server that works off one request at a time, `serviceMs` each: its capacity is about 1000 / serviceMs per second. */
function serialServer(serviceMs: number): Promise<TestServer> {
  let free = Promise.resolve();
  return listen((_req, res) => {
    free = free.then(
      () =>
        new Promise<void>((done) =>
          setTimeout(() => {
            res.end("ok");
            done();
          }, serviceMs),
        ),
    );
  });
}

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("open-loop load", () => {
  it("counts the time a request waited behind a stalled server, from when it was due to leave", async () => {
    const started = performance.now();
    // Every request that arrives between 400 and 800 ms is held until 800 ms.
    server = await listen((_req, res) => {
      const at = performance.now() - started;
      if (at > 400 && at < 800) setTimeout(() => res.end("ok"), 800 - at);
      else res.end("ok");
    });
    const s = await openLoopStep(100, {
      url: server.url,
      headers: {},
      items: [{ kind: "ping", path: "/" }],
      seconds: 2,
      p99Ms: 250,
    });
    expect(s.sent).toBe(200);
    expect(s.answered).toBe(200);
    expect(s.failed).toBe(0);
    // About 40 of 200 requests waited up to 400 ms: the p99 shows the stall, the median does not.
    expect(s.p99).toBeGreaterThan(250);
    expect(s.p50).toBeLessThan(250);
    expect(s.pass).toBe(false);
  });

  it("counts answers other than 2xx as failures, and a step with a failure does not pass", async () => {
    server = await listen((req, res) => {
      res.statusCode = req.url === "/missing" ? 404 : 200;
      res.end();
    });
    const s = await openLoopStep(50, {
      url: server.url,
      headers: {},
      items: [
        { kind: "ok", path: "/" },
        { kind: "ok", path: "/" },
        { kind: "missing", path: "/missing" },
      ],
      seconds: 1,
      p99Ms: 250,
    });
    expect(s.sent).toBe(50);
    // Every third request of the 50 (positions 2, 5, … 47) asks for the missing path.
    expect(s.failed).toBe(16);
    expect(s.answered).toBe(50 - s.failed);
    expect(s.pass).toBe(false);
  });

  it("climbs the rates and reports the last one the server kept under the bound", async () => {
    server = await serialServer(5);
    const seen: number[] = [];
    const r = await findMaxRate(
      [20, 50, 1000, 2000],
      {
        url: server.url,
        headers: {},
        items: [{ kind: "ping", path: "/" }],
        seconds: 1,
        p99Ms: 250,
        drainMs: 1500,
      },
      async () => undefined,
      (s) => seen.push(s.rate),
    );
    expect(r.maxRate).toBe(50);
    // 1000/s is five times what the server can do: it fails, is tried once more, and the climb ends there.
    expect(seen).toEqual([20, 50, 1000, 1000]);
    expect(r.steps.at(-1)!.pass).toBe(false);
  }, 30_000);
});
