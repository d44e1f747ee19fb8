/**
 * A case's evidence package: the standard package (package.ts) of every account the case links — its clusters'
 * members as linked, its accounts, its traces' and complaints' victims and the accounts its traced money reached or its
 * freeze requests name — plus the case's own records under `case/`: the case and its links, its timeline from the audit
 * trail, its notes, each linked trace (traced again with the kept settings) and each freeze request with its files.
 * Every file is in the manifest, so `mulegraph verify` checks the whole of it offline. docs/CASES.md § Package.
 */
import { traceFunds, type TraceOptions } from "../analytics/trace/index.js";
import { caseTimeline } from "../cases/service.js";
import type { CaseLink, CaseRecord } from "../store/ports/casework.js";
import type { GraphStore } from "../store/types.js";
import { EvidenceInputError } from "./errors.js";
import { buildEvidencePackage, type EvidencePackage } from "./package.js";
import type { PdfOptions } from "./report-pdf.js";

export interface CasePackageOptions {
  store: GraphStore;
  record: CaseRecord;
  actor: string;
  now?: number;
  pdf?: PdfOptions;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2) + "\n";

/** A file name from a reference: letters, digits, dot, dash and underscore only. */
function safeName(ref: string): string {
  return ref.replace(/[^\p{L}\p{N}._-]+/gu, "_").slice(0, 120) || "_";
}

/** Build a case's package (see the module header); EvidenceInputError when it links no account at all. */
export async function buildCasePackage(opts: CasePackageOptions): Promise<EvidencePackage> {
  const { store, record } = opts;
  const links = await store.listCaseLinks(record.id);
  const accounts = new Set<string>();
  const files: { path: string; content: string | Buffer }[] = [];
  const of = (kind: CaseLink["kind"]) => links.filter((l) => l.kind === kind);

  for (const l of of("cluster"))
    for (const m of (l.params.members as string[] | undefined) ?? []) accounts.add(m);
  for (const l of of("account")) accounts.add(l.ref);
  for (const l of [...of("complaint"), ...of("trace")]) {
    const complaint = await store.complaint(l.ref);
    if (complaint) accounts.add(complaint.victimAccount);
  }
  for (const l of of("trace")) {
    const trace = await traceFunds(store, { ...(l.params as TraceOptions), complaints: [l.ref] });
    for (const e of trace.edges)
      for (const end of [e.from, e.to]) if (!end.startsWith("atm:")) accounts.add(end);
    files.push({ path: `case/traces/${safeName(l.ref)}.json`, content: json({ settings: l.params, trace }) });
  }
  for (const l of of("freeze_request")) {
    const request = await store.getFreezeRequest(l.ref);
    if (!request) continue;
    for (const item of request.items) accounts.add(item.account);
    const dir = `case/freeze-requests/${safeName(request.id)}`;
    files.push({ path: `${dir}/request.json`, content: json(request) });
    files.push({
      path: `${dir}/outcomes.json`,
      content: json(await store.listFreezeOutcomes({ requestId: request.id })),
    });
    for (const f of request.files) {
      const bytes = await store.freezeRequestContent(request.id, f.name);
      if (bytes) files.push({ path: `${dir}/${safeName(f.name)}`, content: Buffer.from(bytes) });
    }
  }
  if (!accounts.size)
    throw new EvidenceInputError(
      `evidence/case-package: case ${record.id} links no cluster, account, complaint, trace or freeze request`,
    );
  files.push({ path: "case/case.json", content: json({ case: record, links }) });
  files.push({ path: "case/timeline.json", content: json(await caseTimeline(store, record.id)) });
  files.push({ path: "case/notes.json", content: json(await store.listNotes(record.id)) });
  files.push({
    path: "case/alerts.json",
    content: json(await store.listAlerts({ caseId: record.id })),
  });

  return buildEvidencePackage({
    store,
    selection: { accounts: [...accounts].sort() },
    actor: opts.actor,
    caseNo: record.id,
    ...(opts.now !== undefined ? { now: opts.now } : {}),
    ...(opts.pdf ? { pdf: opts.pdf } : {}),
    extraFiles: files,
  });
}
