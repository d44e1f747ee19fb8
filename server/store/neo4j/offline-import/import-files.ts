/**
 * Writes a folded load (load-fold.ts) as the CSV files `neo4j-admin database import full` reads: one node file per
 * label set and one relationship file per type, each with the importer's typed header. The properties, their names
 * and their types are those the store's write queries give (cypher/write-*.cypher: ts and other times as integers,
 * amounts as floats, lists as string arrays), so that a database made by the importer reads exactly like one the
 * store wrote. The load's own record (a complete :Load with its :LoadFile nodes, cypher/load-*.cypher) and the
 * :SourceFile nodes go in as nodes too.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import path from "node:path";
import type { LoadOwner, LoadStart } from "../../ports/loads.js";
import type { LoadFold, RelType } from "./load-fold.js";

/** Between the elements of a list inside one CSV field: a control character no stored value holds. */
export const ARRAY_DELIMITER = "\u001f";
/** How the importer is told the delimiter (`--array-delimiter`). */
export const ARRAY_DELIMITER_OPTION = "U+001F";

type CsvType = "string" | "long" | "double" | "boolean" | "string[]";

/** One stored property: its name, its importer type, and the folded row's field it comes from (default: same name). */
type Prop = [name: string, type: CsvType, field?: string];

/** Entity node types by node id prefix (model/graph.ts nodeId): their label and properties. */
const NODE_TYPES: Record<string, { label: string; props: Prop[] }> = {
  account: {
    label: "Account",
    props: [
      ["key", "string"],
      ["iban", "string"],
      ["number", "string"],
      ["bank", "string"],
      ["currency", "string"],
      ["accountKind", "string"],
      ["holderId", "string"],
      ["holderName", "string"],
      ["nameLower", "string"],
      ["openedAt", "long"],
      ["watchlist", "string"],
    ],
  },
  person: {
    label: "Person",
    props: [
      ["iin", "string", "key"],
      ["name", "string"],
      ["nameLower", "string"],
    ],
  },
  company: {
    label: "Company",
    props: [
      ["bin", "string", "key"],
      ["name", "string"],
      ["nameLower", "string"],
      ["companyKind", "string"],
    ],
  },
  card: {
    label: "Card",
    props: [
      ["cardId", "string", "key"],
      ["holderIin", "string"],
    ],
  },
  complaint: {
    label: "Complaint",
    props: [
      ["caseNo", "string", "key"],
      ["registeredAt", "long"],
      ["incidentAt", "long"],
      ["victimIin", "string"],
      ["victimName", "string"],
      ["victimAccount", "string"],
      ["loss", "double"],
      ["currency", "string"],
      ["lossKzt", "double"],
      ["scheme", "string"],
    ],
  },
  phone: { label: "Phone", props: [["msisdn", "string", "key"]] },
  device: { label: "Device", props: [["deviceId", "string", "key"]] },
  ip: { label: "IP", props: [["address", "string", "key"]] },
  wallet: {
    label: "Wallet",
    props: [
      ["address", "string", "key"],
      ["chain", "string"],
    ],
  },
  cashpoint: {
    label: "CashPoint",
    props: [
      ["atmId", "string", "key"],
      ["country", "string"],
    ],
  },
};

const SOURCES: Prop = ["sources", "string[]"];

/** Relationship types: the row fields naming their two ends, and their properties. */
const REL_TYPES: Record<RelType, { start: string; end: string; props: Prop[] }> = {
  TRANSFER: {
    start: "from",
    end: "to",
    props: [
      ["txId", "string"],
      ["ts", "long"],
      ["amount", "double"],
      ["currency", "string"],
      ["amountKzt", "double"],
      ["rateSource", "string"],
      ["channel", "string"],
      ["purpose", "string"],
      ["knp", "string"],
      ["wallets", "string[]"],
      SOURCES,
    ],
  },
  WITHDREW: {
    start: "account",
    end: "cashPoint",
    props: [
      ["txId", "string"],
      ["ts", "long"],
      ["amount", "double"],
      ["currency", "string"],
      ["amountKzt", "double"],
      SOURCES,
    ],
  },
  OWNS: { start: "from", end: "to", props: [SOURCES] },
  CONTROLS: { start: "from", end: "to", props: [SOURCES] },
  ISSUED_ON: { start: "from", end: "to", props: [SOURCES] },
  REPORTED: { start: "from", end: "to", props: [SOURCES] },
  USED: {
    start: "from",
    end: "to",
    props: [["uses", "string[]"], SOURCES, ["first", "long"], ["last", "long"], ["count", "long", "uses"]],
  },
  PAID_TO_WALLET: {
    start: "from",
    end: "to",
    props: [["txIds", "string[]"], SOURCES, ["first", "long"], ["last", "long"], ["count", "long", "txIds"]],
  },
};

/** A value the importer cannot take as written (a list element holding the delimiter, a wrong type). */
export class ImportFileError extends Error {
  override name = "ImportFileError";
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * One CSV field. An absent value is an empty field: the importer stores no property. So does it for an empty list,
 * which is why nodes without sources get a label instead (writeImportFiles).
 */
function field(value: unknown, type: CsvType, where: string): string {
  if (value === undefined || value === null) return "";
  switch (type) {
    case "string":
      if (typeof value !== "string")
        throw new ImportFileError(`${where}: expected text, got ${typeof value}`);
      return quote(value);
    case "long":
      if (typeof value !== "number" || !Number.isFinite(value))
        throw new ImportFileError(`${where}: expected a number, got ${String(value)}`);
      return String(Math.trunc(value));
    case "double":
      if (typeof value !== "number" || !Number.isFinite(value))
        throw new ImportFileError(`${where}: expected a number, got ${String(value)}`);
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    case "string[]": {
      const list = value as unknown[];
      for (const x of list)
        if (typeof x !== "string" || x.includes(ARRAY_DELIMITER))
          throw new ImportFileError(`${where}: a list element is not text or holds U+001F: ${String(x)}`);
      return quote(list.join(ARRAY_DELIMITER));
    }
  }
}

const header = (props: Prop[]) => props.map(([name, type]) => `${name}:${type}`);

/** Streams CSV lines to a file, and says whether any field held a line break (the importer must then be told). */
class CsvFile {
  private readonly out;
  private chunk = "";
  multiline = false;
  rows = 0;

  constructor(
    readonly file: string,
    headerLine: string[],
  ) {
    this.out = createWriteStream(file);
    this.chunk = headerLine.join(",") + "\n";
  }

  async line(fields: string[]): Promise<void> {
    const text = fields.join(",");
    if (!this.multiline && /[\r\n]/.test(text)) this.multiline = true;
    this.chunk += text + "\n";
    this.rows++;
    if (this.chunk.length > 1 << 20) {
      if (!this.out.write(this.chunk)) await once(this.out, "drain");
      this.chunk = "";
    }
  }

  async close(): Promise<void> {
    this.out.end(this.chunk);
    await once(this.out, "finish");
  }
}

/** The files written for the importer, and what they hold. */
export interface ImportFiles {
  nodes: string[];
  relationships: string[];
  nodeCount: number;
  relationshipCount: number;
  /** Some field holds a line break: run the importer with `--multiline-fields=true`. */
  multiline: boolean;
}

/** The load as it is recorded once complete (cypher/load-begin.cypher and load-finish.cypher). */
export interface CompletedLoad {
  start: LoadStart;
  owner: LoadOwner;
  startedAt: number;
  finishedAt: number;
}

/** Write the folded load into `dir` as importer CSV files. */
export async function writeImportFiles(
  fold: LoadFold,
  load: CompletedLoad,
  dir: string,
): Promise<ImportFiles> {
  const files: ImportFiles = {
    nodes: [],
    relationships: [],
    nodeCount: 0,
    relationshipCount: 0,
    multiline: false,
  };
  const done = async (csv: CsvFile, kind: "nodes" | "relationships") => {
    await csv.close();
    files[kind].push(csv.file);
    if (kind === "nodes") files.nodeCount += csv.rows;
    else files.relationshipCount += csv.rows;
    files.multiline ||= csv.multiline;
  };

  // Entities: one file per type, all in one id space keyed by node id.
  const byType = new Map<string, CsvFile>();
  for (const [nid, row] of fold.nodes) {
    const type = nid.slice(0, nid.indexOf(":"));
    const spec = NODE_TYPES[type];
    if (!spec) throw new ImportFileError(`store/neo4j/offline-import: node ${nid} is of no known type`);
    let csv = byType.get(type);
    if (!csv) {
      csv = new CsvFile(path.join(dir, `nodes-${type}.csv`), [
        "nid:ID",
        ...header(spec.props),
        ...header([SOURCES]),
        ":LABEL",
      ]);
      byType.set(type, csv);
    }
    await csv.line([
      quote(nid),
      ...spec.props.map(([name, type, from]) => field(row[from ?? name], type, `${nid} ${name}`)),
      field(row.sources, "string[]", `${nid} sources`),
      // Labels are a list too: the array delimiter separates them. The importer cannot write an empty list: a node with
      // no sources is labelled for the store's first open to give it one (cypher/schema.cypher).
      `Entity${ARRAY_DELIMITER}${spec.label}${row.sources.length === 0 ? `${ARRAY_DELIMITER}NoSources` : ""}`,
    ]);
  }
  for (const csv of byType.values()) await done(csv, "nodes");

  for (const [type, rels] of fold.relationships) {
    const spec = REL_TYPES[type];
    const csv = new CsvFile(path.join(dir, `relationships-${type}.csv`), [
      ":START_ID",
      ":END_ID",
      ...header(spec.props),
      ":TYPE",
    ]);
    for (const row of rels.values()) {
      if (row.sources.length === 0)
        throw new ImportFileError(
          `store/neo4j/offline-import: a ${type} relationship has no source (${row[spec.start] as string})`,
        );
      await csv.line([
        quote(row[spec.start] as string),
        quote(row[spec.end] as string),
        ...spec.props.map(([name, t, from]) =>
          name === "count"
            ? String((row[from!] as unknown[] | undefined)?.length ?? 0)
            : field(row[from ?? name], t, `${type} ${name}`),
        ),
        type,
      ]);
    }
    await done(csv, "relationships");
  }

  const sourceFiles = new CsvFile(path.join(dir, "nodes-source-files.csv"), [
    "sha256",
    "name",
    "bytes:long",
    "exportKind",
    "rowsRead:long",
    ":LABEL",
  ]);
  for (const f of fold.sourceFiles.values()) {
    await sourceFiles.line([
      field(f.sha256, "string", "source file"),
      field(f.name, "string", "source file name"),
      field(f.bytes, "long", "source file bytes"),
      field(f.exportKind, "string", "source file kind"),
      field(f.rowsRead, "long", "source file rows"),
      "SourceFile",
    ]);
  }
  await done(sourceFiles, "nodes");

  const id = load.start.id;
  const loadFile = new CsvFile(path.join(dir, "nodes-load.csv"), [
    "id",
    "status",
    "byUser",
    "origin",
    "inputs",
    "startedAt:long",
    "finishedAt:long",
    "owner",
    "records:long",
    "batches:long",
    ":LABEL",
  ]);
  await loadFile.line([
    quote(id),
    quote("complete"),
    quote(load.start.by),
    quote(load.start.origin),
    quote(JSON.stringify(load.start.inputs)),
    String(load.startedAt),
    String(load.finishedAt),
    quote(JSON.stringify(load.owner)),
    String(fold.records),
    String(fold.batches),
    "Load",
  ]);
  await done(loadFile, "nodes");

  // Every file is fresh: the importer only ever fills an empty database (cypher/load-files.cypher).
  const loadFiles = new CsvFile(path.join(dir, "nodes-load-files.csv"), [
    "key",
    "loadId",
    "sha256",
    "fresh:boolean",
    ":LABEL",
  ]);
  for (const sha of fold.files)
    await loadFiles.line([quote(`${id}:${sha}`), quote(id), quote(sha), "true", "LoadFile"]);
  await done(loadFiles, "nodes");
  return files;
}
