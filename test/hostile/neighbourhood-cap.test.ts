/**
 * The neighbourhood edge cap on the embedded store, with its read workers as the server runs it
 * (neighbourhood-probes.ts).
 */
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import { neighbourhoodProbes } from "./neighbourhood-probes.js";

neighbourhoodProbes("embedded", (dataDir) => openEmbeddedStore({ dataDir, readWorkers: 1 }));
