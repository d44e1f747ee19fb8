/**
 * The embedded store's recovery tables: freeze requests (items and file list as JSON text), their files' bytes, and
 * the outcomes appended to each request in sequence.
 */
import type Database from "better-sqlite3";
import { FreezeOutcomeSequenceError, FreezeRequestExistsError } from "../recovery-errors.js";
import type { FreezeOutcome, FreezeRequestRecord, FreezeStatus } from "../types.js";
import { byString } from "./graph-read.js";
import { prepared } from "./statements.js";

type Row = Record<string, unknown>;

export function putFreezeRequest(
  db: Database.Database,
  r: FreezeRequestRecord,
  contents: Record<string, Uint8Array>,
): void {
  db.transaction(() => {
    if (prepared(db, "SELECT 1 FROM freeze_requests WHERE id = ?").get(r.id)) {
      throw new FreezeRequestExistsError(`store/embedded: freeze request ${r.id} is stored already`);
    }
    prepared(
      db,
      `INSERT INTO freeze_requests (id, bank, created_at, created_by, complaints, items, total_kzt, sha256, files)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      r.id,
      r.bank,
      r.createdAt,
      r.createdBy,
      JSON.stringify(r.complaints),
      JSON.stringify(r.items),
      r.totalKzt,
      r.sha256,
      JSON.stringify(r.files),
    );
    const put = prepared(
      db,
      "INSERT INTO freeze_request_contents (request_id, name, content) VALUES (?, ?, ?)",
    );
    for (const [name, bytes] of Object.entries(contents)) put.run(r.id, name, Buffer.from(bytes));
  })();
}

function toRequest(r: Row): FreezeRequestRecord {
  return {
    id: r.id as string,
    bank: r.bank as string,
    createdAt: r.created_at as number,
    createdBy: r.created_by as string,
    complaints: JSON.parse(r.complaints as string) as string[],
    items: JSON.parse(r.items as string) as FreezeRequestRecord["items"],
    totalKzt: r.total_kzt as number,
    sha256: r.sha256 as string,
    files: JSON.parse(r.files as string) as FreezeRequestRecord["files"],
  };
}

export function getFreezeRequest(db: Database.Database, id: string): FreezeRequestRecord | null {
  const r = prepared(db, "SELECT * FROM freeze_requests WHERE id = ?").get(id) as Row | undefined;
  return r ? toRequest(r) : null;
}

export function listFreezeRequests(
  db: Database.Database,
  opts: { complaint?: string; bank?: string } = {},
): FreezeRequestRecord[] {
  return (prepared(db, "SELECT * FROM freeze_requests").all() as Row[])
    .map(toRequest)
    .filter(
      (r) =>
        (opts.bank === undefined || r.bank === opts.bank) &&
        (opts.complaint === undefined || r.complaints.includes(opts.complaint)),
    )
    .sort((x, y) => x.createdAt - y.createdAt || byString(x.id, y.id));
}

export function freezeRequestContent(db: Database.Database, id: string, name: string): Uint8Array | null {
  const r = prepared(db, "SELECT content FROM freeze_request_contents WHERE request_id = ? AND name = ?").get(
    id,
    name,
  ) as { content: Buffer } | undefined;
  return r ? new Uint8Array(r.content) : null;
}

export function appendFreezeOutcome(db: Database.Database, o: FreezeOutcome): void {
  db.transaction(() => {
    if (!prepared(db, "SELECT 1 FROM freeze_requests WHERE id = ?").get(o.requestId)) {
      throw new FreezeOutcomeSequenceError(
        `store/embedded: no freeze request ${o.requestId} to add an outcome to`,
      );
    }
    const last = prepared(db, "SELECT max(seq) AS seq FROM freeze_outcomes WHERE request_id = ?").get(
      o.requestId,
    ) as {
      seq: number | null;
    };
    if (o.seq !== (last.seq ?? 0) + 1) {
      throw new FreezeOutcomeSequenceError(
        `store/embedded: outcome ${o.seq} of freeze request ${o.requestId} is out of sequence (last is ${last.seq ?? 0})`,
      );
    }
    prepared(
      db,
      `INSERT INTO freeze_outcomes (request_id, seq, account, status, amount_kzt, reason, by_user, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(o.requestId, o.seq, o.account, o.status, o.amountKzt ?? null, o.reason ?? null, o.by, o.at);
  })();
}

export function listFreezeOutcomes(
  db: Database.Database,
  opts: { requestId?: string } = {},
): FreezeOutcome[] {
  const rows = (
    opts.requestId === undefined
      ? prepared(db, "SELECT * FROM freeze_outcomes").all()
      : prepared(db, "SELECT * FROM freeze_outcomes WHERE request_id = ?").all(opts.requestId)
  ) as Row[];
  return rows
    .map((r): FreezeOutcome => ({
      requestId: r.request_id as string,
      seq: r.seq as number,
      account: r.account as string,
      status: r.status as FreezeStatus,
      ...(r.amount_kzt !== null ? { amountKzt: r.amount_kzt as number } : {}),
      ...(r.reason !== null ? { reason: r.reason as string } : {}),
      by: r.by_user as string,
      at: r.at as number,
    }))
    .sort((x, y) => byString(x.requestId, y.requestId) || x.seq - y.seq);
}
