/**
 * GraphStore: everything a store implements, as the sum of its ports (server/store/ports/, one per kind of thing it
 * holds). Consumers take the narrowest port they use; the two implementations, Neo4j (server/store/neo4j/) and the
 * embedded on-disk default (server/store/embedded/), implement all of them and pass one contract suite per port
 * (test/store/contract/).
 */
import type { AnalysisPort } from "./ports/analysis.js";
import type { CaseworkStore } from "./ports/casework.js";
import type { GraphDataPort } from "./ports/graph.js";
import type { StoreLifecycle } from "./ports/lifecycle.js";
import type { LoadRecordStore } from "./ports/loads.js";
import type { CaseRecordsPort } from "./ports/records.js";
import type { RecoveryRecordStore, TraceHistoryPort } from "./ports/recovery.js";

export type * from "./ports/analysis.js";
export type * from "./ports/casework.js";
export type * from "./ports/graph.js";
export type * from "./ports/lifecycle.js";
export type * from "./ports/loads.js";
export type * from "./ports/records.js";
export type * from "./ports/recovery.js";

export interface GraphStore
  extends
    StoreLifecycle,
    GraphDataPort,
    AnalysisPort,
    CaseRecordsPort,
    LoadRecordStore,
    RecoveryRecordStore,
    TraceHistoryPort,
    CaseworkStore {}
