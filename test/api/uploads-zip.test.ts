/**
 * Uploads at real scale on the real server and ingest pipeline: a zip archive unpacked into its files (with its
 * limits: an entry that climbs out of the archive, an entry that inflates past the per-file cap), an unreadable
 * file set aside with its reason while the rest go in, and a report that tells what was new in the store from what
 * was already there (a re-upload of the same files adds nothing).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yazl from "yazl";
import { type ApiClient, type ErrorBody, startTestServer, type TestServer } from "./harness.js";
import { csvForm, REGISTER_CSV, UNREADABLE_BYTES } from "./seed.fixtures.js";

interface Upload {
  id: string;
  status: string;
  summary?: {
    totals: { rowsRead: number; accepted: number; duplicates: number; rejected: number };
    files: { file: string; kind: string }[];
    store?: { added: Record<string, number>; before: Record<string, number>; nothingNew: boolean };
  };
  files?: { name: string; bytes: number }[];
  setAside?: { name: string; reason: string }[];
}

async function waitForJob(c: ApiClient, id: string): Promise<Upload> {
  for (let i = 0; i < 300; i++) {
    const r = await c.get<Upload>(`/api/uploads/${id}`);
    if (r.body.status === "done" || r.body.status === "failed") return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`upload ${id} did not finish`);
}

/** A zip of the given entries (yazl, deflated). */
async function zipOf(entries: [string, string | Uint8Array][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of entries) {
    if (name.endsWith("/")) zip.addEmptyDirectory(name);
    else zip.addBuffer(Buffer.from(content), name);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Rename an entry in a built zip byte for byte (yazl refuses to write "..", an attacker's tool would not). */
function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  expect(Buffer.byteLength(from)).toBe(Buffer.byteLength(to));
  const out = Buffer.from(zip);
  const needle = Buffer.from(from);
  let at = out.indexOf(needle);
  let n = 0;
  while (at >= 0) {
    Buffer.from(to).copy(out, at);
    n++;
    at = out.indexOf(needle, at + 1);
  }
  expect(n).toBe(2); // local header and central directory
  return out;
}

const register = (prefix: string) => REGISTER_CSV.replaceAll("UP-000", `${prefix}-000`);

describe("uploads of zip archives and folders", () => {
  let t: TestServer;
  let analyst: ApiClient;
  beforeAll(async () => {
    t = await startTestServer({ env: { MULEGRAPH_UPLOAD_MAX_BYTES: "4096" } });
    analyst = await t.as("analyst");
  });
  afterAll(() => t.close());

  it("unpacks a zip into its files and ingests each under its own name", async () => {
    const zip = await zipOf([
      ["april/register_a.csv", register("ZA")],
      ["may/register_b.csv", register("ZB")],
      ["may/", ""],
    ]);
    const started = await analyst.upload<Upload>("/api/uploads", csvForm("exports.zip", zip));
    expect(started.status).toBe(202);
    const job = await waitForJob(analyst, started.body.id);
    expect(job.status).toBe("done");
    expect(job.summary!.files.map((f) => f.file)).toEqual(["register_a.csv", "register_b.csv"]);
    expect(job.summary!.totals.accepted).toBe(4);
    expect(job.files!.map((f) => f.name)).toEqual(["register_a.csv", "register_b.csv"]);
    const names = (await t.store.sourceFiles()).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(["register_a.csv", "register_b.csv"]));
  });

  it("never writes an entry whose path climbs out of the archive, and sets it aside with the reason", async () => {
    const built = await zipOf([
      ["good.csv", register("ZC")],
      ["xx/escape.csv", register("ZD")],
    ]);
    const zip = renameEntry(built, "xx/escape.csv", "../escape.csv");
    const started = await analyst.upload<Upload>("/api/uploads", csvForm("sneaky.zip", zip));
    expect(started.status).toBe(202);
    expect(started.body.setAside).toEqual([
      { name: "sneaky.zip/../escape.csv", reason: expect.stringMatching(/climbs out/) },
    ]);
    const job = await waitForJob(analyst, started.body.id);
    expect(job.summary!.files.map((f) => f.file)).toEqual(["good.csv"]);
    const dir = path.join(t.dataDir, "uploads", started.body.id);
    expect(existsSync(path.join(dir, "escape.csv"))).toBe(false);
    expect(existsSync(path.join(dir, "files", "escape.csv"))).toBe(false);
    expect(await t.store.transfersByIds(["ZD-0001"])).toEqual([]);
  });

  it("refuses with 413 a zip whose entry inflates past the per-file cap, and leaves nothing behind", async () => {
    const before = (await t.store.listUploads()).length;
    // 20 000 bytes of one repeated line deflate to far under the 4 096-byte cap the archive is checked against.
    const zip = await zipOf([["huge.csv", "a;b;c\n".repeat(20_000 / 6)]]);
    expect(zip.length).toBeLessThan(4096);
    const r = await analyst.upload("/api/uploads", csvForm("bomb.zip", zip));
    expect(r.status).toBe(413);
    expect((r.body as ErrorBody).error.code).toBe("payload_too_large");
    expect((r.body as ErrorBody).error.message).toContain("bomb.zip/huge.csv");
    expect((await t.store.listUploads()).length).toBe(before);
    const left = readdirSync(path.join(t.dataDir, "uploads")).filter((d) => d !== "previews");
    expect(left.length).toBe(before);
  });

  it("refuses with 422 a file named .zip that is not an archive", async () => {
    const r = await analyst.upload("/api/uploads", csvForm("broken.zip", "not a zip at all"));
    expect(r.status).toBe(422);
    expect((r.body as ErrorBody).error.message).toMatch(/broken\.zip.*zip archive/);
  });

  it("sets an unreadable file aside with its reason while the other files go in", async () => {
    const form = new FormData();
    form.append("files", new Blob([register("ZE")]), "good.csv");
    form.append("files", new Blob([UNREADABLE_BYTES]), "photo.csv");
    const started = await analyst.upload<Upload>("/api/uploads", form);
    expect(started.status).toBe(202);
    expect(started.body.setAside).toHaveLength(1);
    expect(started.body.setAside![0]!.name).toBe("photo.csv");
    expect(started.body.setAside![0]!.reason).toContain("photo.csv");
    expect(started.body.setAside![0]!.reason).not.toContain(t.dataDir);
    const job = await waitForJob(analyst, started.body.id);
    expect(job.status).toBe("done");
    expect(job.summary!.files.map((f) => f.file)).toEqual(["good.csv"]);
    expect(job.setAside).toEqual(started.body.setAside);
    const audit = await t.store.auditEntries({ afterSeq: 0, limit: 1000 });
    expect(audit.find((e) => e.action === "upload.create" && e.target === job.id)?.params).toMatchObject({
      setAside: [{ name: "photo.csv" }],
    });
  });
});

describe("the report of what an upload added to the store", () => {
  let t: TestServer;
  let analyst: ApiClient;
  beforeAll(async () => {
    t = await startTestServer();
    analyst = await t.as("analyst");
  });
  afterAll(() => t.close());

  it("counts the new transfers and accounts of a first upload, and nothing new when the same file comes again", async () => {
    const first = await waitForJob(
      analyst,
      (await analyst.upload<Upload>("/api/uploads", csvForm("register.csv", register("NW")))).body.id,
    );
    expect(first.status).toBe("done");
    expect(first.summary!.store).toMatchObject({ nothingNew: false });
    expect(first.summary!.store!.added.transfers).toBe(first.summary!.totals.accepted);
    expect(first.summary!.store!.added.accounts).toBeGreaterThan(0);

    const again = await waitForJob(
      analyst,
      (await analyst.upload<Upload>("/api/uploads", csvForm("register.csv", register("NW")))).body.id,
    );
    expect(again.status).toBe("done");
    // The rows read well again: the summary alone would suggest they were stored anew.
    expect(again.summary!.totals.accepted).toBe(first.summary!.totals.accepted);
    expect(again.summary!.store!.nothingNew).toBe(true);
    expect(Object.values(again.summary!.store!.added).every((n) => n === 0)).toBe(true);
    expect(again.summary!.store!.before.transfers).toBe(
      first.summary!.store!.before.transfers + first.summary!.store!.added.transfers,
    );

    const more = await waitForJob(
      analyst,
      (await analyst.upload<Upload>("/api/uploads", csvForm("register2.csv", register("NX")))).body.id,
    );
    expect(more.summary!.store!.nothingNew).toBe(false);
    expect(more.summary!.store!.added.transfers).toBe(2);
  });

  it("counts the new links of a linkage log and the new complaints of a complaints file, and nothing new again", async () => {
    const files = ["linkage-ru.csv", "complaints-kz.csv"].map(
      (name) => [name, readFileSync(path.resolve("test/fixtures/ingest", name))] as const,
    );
    const upload = async (name: string, bytes: Uint8Array) => {
      const job = await waitForJob(
        analyst,
        (await analyst.upload<Upload>("/api/uploads", csvForm(name, bytes))).body.id,
      );
      expect(job.status).toBe("done");
      return job.summary!.store!;
    };
    const linkage = await upload(...files[0]!);
    // Owners, cards on accounts and identifiers used, between entities some of which the store knew already.
    expect(linkage.added.links).toBeGreaterThan(0);
    const complaints = await upload(...files[1]!);
    expect(complaints.added.complaints).toBeGreaterThan(0);
    for (const [name, bytes] of files) {
      const again = await upload(name, bytes);
      expect(again.nothingNew).toBe(true);
      expect(again.added.links).toBe(0);
      expect(again.added.complaints).toBe(0);
    }
  });
});
