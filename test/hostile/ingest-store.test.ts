/**
 * Hostile input through uploads on the embedded store: mixed encodings and implausible dates (ingest-probes.ts).
 */
import { ingestProbes } from "./ingest-probes.js";

ingestProbes("embedded");
