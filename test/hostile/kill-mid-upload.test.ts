/**
 * kill -9 mid-upload on the embedded store (kill-mid-upload-probes.ts): each fresh() is a new data folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import { killMidUploadProbes } from "./kill-mid-upload-probes.js";

const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-kill-embedded-"));
let n = 0;
let dir = path.join(root, "store-0");
afterAll(() => rmSync(root, { recursive: true, force: true }));

killMidUploadProbes("embedded", {
  cliArgs: () => ({ env: {}, flags: ["--data-dir", dir] }),
  async fresh() {
    dir = path.join(root, `store-${++n}`);
    return openEmbeddedStore({ dataDir: dir });
  },
  reopen: () => openEmbeddedStore({ dataDir: dir }),
});
