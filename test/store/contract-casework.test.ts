/** The casework contract (test/store/contract-casework.ts) on the embedded store, each run in a fresh folder. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import { caseworkContract } from "./contract-casework.js";

const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-casework-contract-"));
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

caseworkContract("embedded", () => openEmbeddedStore({ dataDir: path.join(root, `store-${++n}`) }));
