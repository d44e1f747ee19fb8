/**
 * The embedded writer's sorted transfer runs (write.ts, SortedTransfers): inside a bulk load, transfer records wait
 * and go in by txId. The stored result must be exactly that of the same batches written one by one, with two banks'
 * records of one transfer merged (first non-null value wins, both sources kept) and a failed batch leaving nothing.
 */
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { CanonicalRecord, TransferRecord } from "../../model/records.js";
import { applySchema } from "../../server/store/embedded/schema.js";
import { BatchWriter, RUN_ROWS_PER_STATEMENT } from "../../server/store/embedded/write.js";
import { ACC, FILE, T, src } from "./store.fixtures.js";

const transfer = (
  txId: string,
  file: string,
  line: number,
  extra: Partial<TransferRecord> = {},
): TransferRecord => ({
  kind: "transfer",
  txId,
  from: ACC.V,
  to: ACC.D1,
  ts: T.t1 + line,
  amount: 100 + line,
  currency: "KZT",
  amountKzt: 100 + line,
  sources: [src(file, line)],
  ...extra,
});

/** Batches in no txId order; both sides of TX-05, TX-01 and TX-03, the sides disagreeing on optional fields. */
const batches: CanonicalRecord[][] = [
  [transfer("TX-09", FILE.SV, 1), transfer("TX-05", FILE.SV, 2, { purpose: "first side" })],
  [transfer("TX-01", FILE.SV, 3), transfer("TX-07", FILE.SV, 4, { channel: "atm" })],
  [
    transfer("TX-05", FILE.SD1, 7, { purpose: "second side", channel: "online" }),
    transfer("TX-03", FILE.SD1, 8, { purpose: "early" }),
  ],
  [
    transfer("TX-01", FILE.SD1, 9, { knp: "119" }),
    transfer("TX-02", FILE.SD1, 10, { wallets: [] }),
    // Both sides of TX-03 fall in one run: the earlier one's purpose must win there too.
    transfer("TX-03", FILE.SV, 11, { purpose: "late", channel: "branch" }),
  ],
];

const broken = [transfer("TX-04", FILE.REG, 1), { kind: "spaceship" } as unknown as CanonicalRecord];

function freshDb(): Database.Database {
  const db = new Database(":memory:");
  applySchema(db);
  return db;
}

function contents(db: Database.Database) {
  return {
    transfers: db.prepare("SELECT * FROM transfers ORDER BY tx_id").all(),
    sources: db
      .prepare(
        "SELECT s.tx_id, f.sha256, s.line FROM transfer_sources s JOIN files f ON f.id = s.file ORDER BY 1, 2, 3",
      )
      .all(),
    accounts: db.prepare("SELECT key FROM accounts ORDER BY key").all(),
  };
}

const count = (db: Database.Database) =>
  (db.prepare("SELECT count(*) AS n FROM transfers").get() as { n: number }).n;

describe("embedded writer's sorted transfer runs", () => {
  it("stores exactly what the same batches written one by one store, with a failed batch leaving nothing", () => {
    const oneByOne = freshDb();
    const plain = new BatchWriter(oneByOne);
    for (const b of batches) plain.writeBatch(b);
    plain.flush();

    const db = freshDb();
    // A run of at least 3 queued records is written between batches: this load writes two runs and a last one.
    const writer = new BatchWriter(db, { transferRunRecords: 3 });
    writer.beginBulk();
    writer.writeBatch(batches[0]!);
    expect(count(db)).toBe(0);
    writer.writeBatch(batches[1]!);
    // Four queued records: the first run went in, inside the still open group.
    expect(count(db)).toBe(4);
    expect(() => writer.writeBatch(broken)).toThrow(expect.objectContaining({ name: "EmbeddedWriteError" }));
    writer.writeBatch(batches[2]!);
    writer.writeBatch(batches[3]!);
    writer.endBulk();

    expect(count(db)).toBe(6);
    expect(contents(db)).toEqual(contents(oneByOne));
    const tx05 = db.prepare("SELECT purpose, channel FROM transfers WHERE tx_id = 'TX-05'").get();
    expect(tx05).toEqual({ purpose: "first side", channel: "online" });
    const tx03 = db.prepare("SELECT purpose, channel FROM transfers WHERE tx_id = 'TX-03'").get();
    expect(tx03).toEqual({ purpose: "early", channel: "branch" });
    expect(db.prepare("SELECT count(*) AS n FROM transfer_sources WHERE tx_id = 'TX-04'").get()).toEqual({
      n: 0,
    });
  });

  it("fails a batch whose transfer lacks a required field, whole, and keeps the batches before it", () => {
    const db = freshDb();
    const writer = new BatchWriter(db, { transferRunRecords: 100 });
    writer.beginBulk();
    writer.writeBatch(batches[0]!);
    const bad = { ...transfer("TX-06", FILE.REG, 2), currency: undefined } as unknown as CanonicalRecord;
    expect(() => writer.writeBatch([transfer("TX-08", FILE.REG, 1), bad])).toThrow(
      expect.objectContaining({ name: "EmbeddedWriteError" }),
    );
    writer.endBulk();
    expect(db.prepare("SELECT tx_id FROM transfers ORDER BY tx_id").all()).toEqual([
      { tx_id: "TX-05" },
      { tx_id: "TX-09" },
    ]);
  });
  it("stores what batches one by one store when runs span many multi-row statements and both sides span runs", () => {
    // 5 statements' worth of transfers; every third has a second side, met 97 records later (often in the next run).
    const n = RUN_ROWS_PER_STATEMENT * 5 + 7;
    const records: TransferRecord[] = [];
    for (let i = 0; i < n; i++) {
      const txId = `TX-M${String((i * 37) % n).padStart(4, "0")}`;
      records.push(transfer(txId, FILE.SV, i + 1, i % 2 === 0 ? { purpose: `p${i}` } : {}));
      if (i % 3 === 0)
        records.push(transfer(txId, FILE.SD1, i + 1, { channel: `c${i}`, purpose: `late${i}` }));
    }
    // Second sides moved 97 records later.
    for (let i = 0; i + 97 < records.length; i += 3)
      [records[i], records[i + 97]] = [records[i + 97]!, records[i]!];
    const asBatches: CanonicalRecord[][] = [];
    for (let i = 0; i < records.length; i += 40) asBatches.push(records.slice(i, i + 40));

    const oneByOne = freshDb();
    const plain = new BatchWriter(oneByOne);
    for (const b of asBatches) plain.writeBatch(b);
    plain.flush();

    const db = freshDb();
    const writer = new BatchWriter(db, { transferRunRecords: RUN_ROWS_PER_STATEMENT * 2 + 5 });
    writer.beginBulk();
    for (const b of asBatches) writer.writeBatch(b);
    writer.endBulk();

    expect(count(db)).toBe(n);
    expect(contents(db)).toEqual(contents(oneByOne));
  });

  it("stores and indexes for search each account that a first bulk load's transfers name, as one by one does", () => {
    // Accounts named by transfers only, one also by an account record of its own, then a second load (on a transfers
    // table that is no longer empty) naming a known account and a new one.
    const key = (i: number) => `KZ${String(i).padStart(18, "0")}`;
    const first: CanonicalRecord[][] = [
      [
        transfer("TX-A1", FILE.SV, 1, { from: key(1), to: key(2) }),
        transfer("TX-A2", FILE.SV, 2, { from: key(2), to: key(3) }),
      ],
      [
        {
          kind: "account",
          key: key(3),
          iban: key(3),
          holderName: "Асель Нурланова",
          sources: [src(FILE.REG, 1)],
        },
        transfer("TX-A1", FILE.SD1, 3, { from: key(1), to: key(2) }),
        transfer("TX-A3", FILE.SD1, 4, { from: key(4), to: key(1) }),
      ],
    ];
    const second: CanonicalRecord[][] = [[transfer("TX-B1", FILE.SD1, 5, { from: key(4), to: key(5) })]];
    const searchTerms = (db: Database.Database) =>
      db.prepare("SELECT node, field, value FROM search_terms ORDER BY 1, 2, 3").all();

    const oneByOne = freshDb();
    const plain = new BatchWriter(oneByOne);
    for (const b of [...first, ...second]) plain.writeBatch(b);
    plain.flush();

    const db = freshDb();
    const writer = new BatchWriter(db);
    for (const load of [first, second]) {
      writer.beginBulk();
      for (const b of load) writer.writeBatch(b);
      writer.endBulk();
    }

    expect(contents(db).accounts).toEqual([1, 2, 3, 4, 5].map((i) => ({ key: key(i) })));
    expect(contents(db)).toEqual(contents(oneByOne));
    expect(searchTerms(db)).toEqual(searchTerms(oneByOne));
    expect(searchTerms(db)).toContainEqual({ node: `account:${key(5)}`, field: "key", value: key(5) });
  });
});
