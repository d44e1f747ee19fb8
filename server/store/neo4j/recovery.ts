/**
 * The Neo4j store's recovery records: (:FreezeRequest) nodes (items and file list as JSON text), their files as
 * (:FreezeRequestFile) nodes holding base64 text, and (:FreezeOutcome) nodes appended in sequence to each request.
 */
import { FreezeOutcomeSequenceError, FreezeRequestExistsError } from "../recovery-errors.js";
import type { FreezeOutcome, FreezeRequestRecord, FreezeStatus } from "../types.js";
import { byString } from "./mapping.js";
import type { Props } from "./queries.js";
import { isConstraintViolation, type CypherRunner } from "./runner.js";

export async function putFreezeRequest(
  runner: CypherRunner,
  r: FreezeRequestRecord,
  contents: Record<string, Uint8Array>,
): Promise<void> {
  const exists = (): FreezeRequestExistsError =>
    new FreezeRequestExistsError(`store/neo4j: freeze request ${r.id} is stored already`);
  try {
    await runner.writeTx(async (run) => {
      if ((await run("freezeRequestGet", { id: r.id })).length) throw exists();
      await run("freezeRequestPut", {
        request: { ...r, items: JSON.stringify(r.items), files: JSON.stringify(r.files) },
        contents: Object.entries(contents).map(([name, bytes]) => ({
          name,
          content: Buffer.from(bytes).toString("base64"),
        })),
      });
    });
  } catch (err) {
    if (isConstraintViolation(err)) throw exists();
    throw err;
  }
}

function toRequest(p: Props): FreezeRequestRecord {
  return {
    id: p.id as string,
    bank: p.bank as string,
    createdAt: p.createdAt as number,
    createdBy: p.createdBy as string,
    complaints: [...((p.complaints as string[] | undefined) ?? [])],
    items: JSON.parse(p.items as string) as FreezeRequestRecord["items"],
    totalKzt: p.totalKzt as number,
    sha256: p.sha256 as string,
    files: JSON.parse(p.files as string) as FreezeRequestRecord["files"],
  };
}

export async function getFreezeRequest(
  runner: CypherRunner,
  id: string,
): Promise<FreezeRequestRecord | null> {
  const [row] = await runner.read("freezeRequestGet", { id });
  return row ? toRequest(row.props) : null;
}

export async function listFreezeRequests(
  runner: CypherRunner,
  opts: { complaint?: string; bank?: string } = {},
): Promise<FreezeRequestRecord[]> {
  const rows = await runner.read("freezeRequestsList", {
    bank: opts.bank ?? null,
    complaint: opts.complaint ?? null,
  });
  return rows
    .map((r) => toRequest(r.props))
    .sort((x, y) => x.createdAt - y.createdAt || byString(x.id, y.id));
}

export async function freezeRequestContent(
  runner: CypherRunner,
  id: string,
  name: string,
): Promise<Uint8Array | null> {
  const [row] = await runner.read("freezeRequestContent", { key: `${id}/${name}` });
  return row ? new Uint8Array(Buffer.from(row.content, "base64")) : null;
}

export async function appendFreezeOutcome(runner: CypherRunner, o: FreezeOutcome): Promise<void> {
  try {
    await runner.writeTx(async (run) => {
      const [last] = await run("freezeOutcomeLast", { requestId: o.requestId });
      if (!last) {
        throw new FreezeOutcomeSequenceError(
          `store/neo4j: no freeze request ${o.requestId} to add an outcome to`,
        );
      }
      if (o.seq !== last.seq + 1) {
        throw new FreezeOutcomeSequenceError(
          `store/neo4j: outcome ${o.seq} of freeze request ${o.requestId} is out of sequence (last is ${last.seq})`,
        );
      }
      await run("freezeOutcomeAppend", {
        outcome: { ...o, amountKzt: o.amountKzt ?? null, reason: o.reason ?? null },
      });
    });
  } catch (err) {
    if (isConstraintViolation(err)) {
      throw new FreezeOutcomeSequenceError(
        `store/neo4j: outcome ${o.seq} of freeze request ${o.requestId} rejected; another change took it`,
      );
    }
    throw err;
  }
}

export async function listFreezeOutcomes(
  runner: CypherRunner,
  opts: { requestId?: string } = {},
): Promise<FreezeOutcome[]> {
  const rows = await runner.read("freezeOutcomesList", { requestId: opts.requestId ?? null });
  return rows
    .map(({ props: p }): FreezeOutcome => ({
      requestId: p.requestId as string,
      seq: p.seq as number,
      account: p.account as string,
      status: p.status as FreezeStatus,
      ...(p.amountKzt !== undefined && p.amountKzt !== null ? { amountKzt: p.amountKzt as number } : {}),
      ...(p.reason !== undefined && p.reason !== null ? { reason: p.reason as string } : {}),
      by: p.by as string,
      at: p.at as number,
    }))
    .sort((x, y) => byString(x.requestId, y.requestId) || x.seq - y.seq);
}
