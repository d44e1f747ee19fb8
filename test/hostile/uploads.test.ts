/**
 * Hostile probes of uploads (issue 22, item 5): a truncated multipart body is the client's fault (400 with a clear
 * message, not 500); the files of one request together are capped (MULEGRAPH_UPLOAD_MAX_REQUEST_BYTES), not only
 * each file; an uploads folder the server cannot write answers 503 naming it as such, and /readyz says not ready.
 */
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, type ErrorBody, startTestServer, type TestServer } from "../api/harness.js";
import { encode, HEADER, IVANOV, row } from "./hostile.fixtures.js";

const BOUNDARY = "----mulegraph-hostile";

/** A multipart body with one file part; `closed: false` leaves out the closing boundary (a cut-off upload). */
function multipart(name: string, content: Buffer, closed: boolean): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        "Content-Type: text/csv\r\n\r\n",
    ),
    content,
    Buffer.from(closed ? `\r\n--${BOUNDARY}--\r\n` : ""),
  ]);
}

/** POST raw bytes to /api/uploads with the client's session; resolves with status and body. */
function rawUpload(
  c: ApiClient,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: ErrorBody }> {
  const url = new URL(`${c.base}/api/uploads`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        headers: {
          cookie: c.cookie,
          "x-csrf-token": c.csrfToken,
          "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
          "content-length": String(body.length),
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as ErrorBody }));
      },
    );
    // The server may answer and close before it has read everything (the request cap): that is its right.
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE" && err.code !== "ECONNRESET") reject(err);
    });
    req.end(body);
  });
}

const CSV = encode([HEADER, row("U-1", "05.03.2024 10:00:00", IVANOV)], "utf8");

function uploadsLeft(t: TestServer): string[] {
  try {
    return readdirSync(path.join(t.dataDir, "uploads")).filter((n) => n !== "previews");
  } catch {
    return [];
  }
}

describe("hostile uploads", () => {
  let t: TestServer;
  let analyst: ApiClient;
  beforeAll(async () => {
    t = await startTestServer({
      env: { MULEGRAPH_UPLOAD_MAX_BYTES: "4096", MULEGRAPH_UPLOAD_MAX_REQUEST_BYTES: "6000" },
    });
    analyst = await t.as("analyst");
  });
  afterAll(() => t.close());

  it("answers a truncated multipart body with 400 naming the truncation, and keeps nothing", async () => {
    const r = await rawUpload(analyst, multipart("cut.csv", CSV, false));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(r.body.error.message).toMatch(/malformed multipart body: the body ends before the form does/);
    expect(uploadsLeft(t)).toEqual([]);
  });

  it("refuses files that are each under the per-file cap but together over the per-request cap", async () => {
    const form = new FormData();
    const part = new Uint8Array(3000).fill(0x41);
    for (const name of ["a.csv", "b.csv", "c.csv"]) form.append("file", new Blob([part]), name);
    const r = await analyst.upload<ErrorBody>("/api/uploads", form);
    expect(r.status).toBe(413);
    expect(r.body.error.message).toMatch(/MULEGRAPH_UPLOAD_MAX_REQUEST_BYTES/);
    expect(r.body.error.details).toMatchObject({ limitBytes: 6000 });
    expect(uploadsLeft(t)).toEqual([]);
  });

  it("refuses a request whose declared length is far over the per-request cap before reading it", async () => {
    const r = await rawUpload(analyst, multipart("big.csv", Buffer.alloc(4_000_000, 0x41), true));
    expect(r.status).toBe(413);
    expect(r.body.error.message).toMatch(/per-request limit of 6000 bytes/);
  });

  it("still takes an upload within both caps", async () => {
    const form = new FormData();
    form.append("file", new Blob([CSV]), "ok.csv");
    expect((await analyst.upload("/api/uploads", form)).status).toBe(202);
  });
});

describe("an uploads folder that cannot be written", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it("answers uploads with 503 saying the server cannot store them, and /readyz is not ready", async () => {
    const analyst = await t.as("analyst");
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    // A file where the folder should be: no user, root included, can create the folder then.
    const uploads = path.join(t.dataDir, "uploads");
    rmSync(uploads, { recursive: true, force: true });
    writeFileSync(uploads, "not a folder");

    const form = new FormData();
    form.append("file", new Blob([CSV]), "x.csv");
    const r = await analyst.upload<ErrorBody>("/api/uploads", form);
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe("uploads_unwritable");
    expect(r.body.error.message).toMatch(/cannot store uploads right now .*uploads folder cannot be written/);

    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as ErrorBody).error.message).toMatch(/uploads folder cannot be written/);
  });
});
