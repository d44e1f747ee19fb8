/**
 * The Neo4j store's casework records (server/store/ports/casework.ts): (:Alert), (:Case), (:CaseLink) and (:Approval)
 * nodes, each holding its record as JSON text beside the properties queries filter on. A versioned update is one
 * conditional write (cypher/alert-update.cypher, case-update.cypher); when it matches nothing the stored record is
 * read back for the StaleVersionError.
 */
import { randomUUID } from "node:crypto";
import {
  ApprovalStateError,
  CaseworkExistsError,
  StaleVersionError,
  type AlertListQuery,
  type AlertRecord,
  type ApprovalRecord,
  type ApprovalStatus,
  type CaseLink,
  type CaseLinkKind,
  type CaseListQuery,
  type CaseRecord,
} from "../ports/casework.js";
import { byString } from "./mapping.js";
import { isConstraintViolation, type CypherRunner } from "./runner.js";

function parse<T>(rows: { data: string }[]): T[] {
  return rows.map((r) => JSON.parse(r.data) as T);
}

function byCreated<T extends { createdAt: number; id: string }>(a: T, b: T): number {
  return a.createdAt - b.createdAt || byString(a.id, b.id);
}

/** Run `work`; a unique-constraint violation (a concurrent insert of the same id) becomes CaseworkExistsError. */
async function inserting(what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (isConstraintViolation(err)) throw new CaseworkExistsError(`store/neo4j: ${what} is stored already`);
    throw err;
  }
}

export async function putAlerts(runner: CypherRunner, alerts: AlertRecord[]): Promise<void> {
  if (!alerts.length) return;
  await inserting(`an alert of ${alerts.map((a) => a.id).join(", ")}`, () =>
    runner.writeTx(async (run) => {
      const taken = parse<AlertRecord>(await run("alertGet", { ids: alerts.map((a) => a.id) }));
      if (taken.length) throw new CaseworkExistsError(`store/neo4j: alert ${taken[0]!.id} is stored already`);
      await run("alertPut", {
        alerts: alerts.map((a) => ({
          id: a.id,
          kind: a.kind,
          status: a.status,
          assignee: a.assignee,
          lineage: a.lineage,
          caseId: a.caseId,
          createdAt: a.createdAt,
          version: a.version,
          data: JSON.stringify(a),
        })),
      });
    }),
  );
}

export async function getAlert(runner: CypherRunner, id: string): Promise<AlertRecord | null> {
  return parse<AlertRecord>(await runner.read("alertGet", { ids: [id] }))[0] ?? null;
}

export async function listAlerts(runner: CypherRunner, q: AlertListQuery = {}): Promise<AlertRecord[]> {
  const rows = await runner.read("alertList", {
    kind: q.kind ?? null,
    assignee: q.assignee ?? null,
    lineage: q.lineage ?? null,
    caseId: q.caseId ?? null,
  });
  return parse<AlertRecord>(rows)
    .filter((a) => !q.status || q.status.includes(a.status))
    .sort(byCreated);
}

function stale<T extends { version: number }>(what: string, id: string, from: number, stored: T | null) {
  return new StaleVersionError<T>(
    stored
      ? `store/neo4j: ${what} ${id} is at version ${stored.version}, the update was made from ${from}`
      : `store/neo4j: no ${what} ${id} to update`,
    stored,
  );
}

export async function updateAlert(runner: CypherRunner, a: AlertRecord): Promise<AlertRecord> {
  const rows = await runner.write("alertUpdate", {
    alert: {
      id: a.id,
      status: a.status,
      assignee: a.assignee,
      caseId: a.caseId,
      version: a.version,
      data: JSON.stringify(a),
    },
    expected: a.version - 1,
  });
  if (rows.length) return a;
  throw stale("alert", a.id, a.version - 1, await getAlert(runner, a.id));
}

export async function createCase(runner: CypherRunner, c: CaseRecord): Promise<void> {
  await inserting(`case ${c.id}`, () =>
    runner.writeTx(async (run) => {
      if ((await run("caseGet", { id: c.id })).length)
        throw new CaseworkExistsError(`store/neo4j: case ${c.id} is stored already`);
      await run("casePut", {
        case: {
          id: c.id,
          status: c.status,
          assignee: c.assignee,
          referredTo: c.referredTo,
          createdAt: c.createdAt,
          version: c.version,
          data: JSON.stringify(c),
        },
      });
    }),
  );
}

export async function getCase(runner: CypherRunner, id: string): Promise<CaseRecord | null> {
  return parse<CaseRecord>(await runner.read("caseGet", { id }))[0] ?? null;
}

export async function listCases(runner: CypherRunner, q: CaseListQuery = {}): Promise<CaseRecord[]> {
  const rows = await runner.read("caseList", {
    assignee: q.assignee ?? null,
    referredTo: q.referredTo ?? null,
  });
  return parse<CaseRecord>(rows)
    .filter((c) => !q.status || q.status.includes(c.status))
    .sort(byCreated);
}

export async function updateCase(runner: CypherRunner, c: CaseRecord): Promise<CaseRecord> {
  const rows = await runner.write("caseUpdate", {
    case: {
      id: c.id,
      status: c.status,
      assignee: c.assignee,
      referredTo: c.referredTo,
      version: c.version,
      data: JSON.stringify(c),
    },
    expected: c.version - 1,
  });
  if (rows.length) return c;
  throw stale("case", c.id, c.version - 1, await getCase(runner, c.id));
}

function linkKey(caseId: string, kind: CaseLinkKind, ref: string): string {
  return JSON.stringify([caseId, kind, ref]);
}

export async function addCaseLink(runner: CypherRunner, l: CaseLink): Promise<boolean> {
  try {
    const [row] = await runner.write("caseLinkAdd", {
      link: {
        key: linkKey(l.caseId, l.kind, l.ref),
        caseId: l.caseId,
        kind: l.kind,
        ref: l.ref,
        addedAt: l.addedAt,
        data: JSON.stringify(l),
      },
      token: randomUUID(),
    });
    return row?.created === true;
  } catch (err) {
    // Two adds of the same link at once: the constraint stops the second, which then added nothing.
    if (isConstraintViolation(err)) return false;
    throw err;
  }
}

export async function listCaseLinks(runner: CypherRunner, caseId: string): Promise<CaseLink[]> {
  return parse<CaseLink>(await runner.read("caseLinkList", { caseId })).sort(
    (a, b) => a.addedAt - b.addedAt || byString(a.kind, b.kind) || byString(a.ref, b.ref),
  );
}

export async function removeCaseLink(
  runner: CypherRunner,
  caseId: string,
  kind: CaseLinkKind,
  ref: string,
): Promise<boolean> {
  const [row] = await runner.write("caseLinkDelete", { key: linkKey(caseId, kind, ref) });
  return (row?.deleted ?? 0) > 0;
}

export async function putApproval(runner: CypherRunner, a: ApprovalRecord): Promise<void> {
  await inserting(`approval ${a.id}`, () =>
    runner.writeTx(async (run) => {
      if ((await run("caseApprovalGet", { id: a.id })).length)
        throw new CaseworkExistsError(`store/neo4j: approval ${a.id} is stored already`);
      await run("caseApprovalPut", {
        approval: {
          id: a.id,
          target: a.target,
          status: a.status,
          requestedAt: a.requestedAt,
          data: JSON.stringify(a),
        },
      });
    }),
  );
}

export async function getApproval(runner: CypherRunner, id: string): Promise<ApprovalRecord | null> {
  return parse<ApprovalRecord>(await runner.read("caseApprovalGet", { id }))[0] ?? null;
}

export async function listApprovals(
  runner: CypherRunner,
  q: { target?: string; status?: ApprovalStatus } = {},
): Promise<ApprovalRecord[]> {
  const rows = await runner.read("caseApprovalList", { target: q.target ?? null, status: q.status ?? null });
  return parse<ApprovalRecord>(rows).sort((a, b) => a.requestedAt - b.requestedAt || byString(a.id, b.id));
}

export async function decideApproval(runner: CypherRunner, a: ApprovalRecord): Promise<ApprovalRecord> {
  const rows = await runner.write("caseApprovalDecide", {
    approval: { id: a.id, status: a.status, data: JSON.stringify(a) },
  });
  if (rows.length) return a;
  const stored = await getApproval(runner, a.id);
  throw new ApprovalStateError(
    stored
      ? `store/neo4j: approval ${a.id} was ${stored.status} already (by ${stored.decidedBy ?? "?"})`
      : `store/neo4j: no approval ${a.id}`,
  );
}
