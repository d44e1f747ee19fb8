import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import { storeContract } from "./contract.js";

// Each open() gets a fresh folder, so the suite needs no reset.
const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-embedded-contract-"));
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

storeContract("embedded", () => openEmbeddedStore({ dataDir: path.join(root, `store-${++n}`) }));
// The server's configuration: search, entity and neighbourhood answered by read worker threads.
storeContract("embedded with read workers", () =>
  openEmbeddedStore({ dataDir: path.join(root, `store-${++n}`), readWorkers: 2 }),
);
