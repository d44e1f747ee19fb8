/**
 * Typed calls to the Mulegraph HTTP API. The session lives in an httpOnly cookie; state-changing calls send the
 * CSRF token that /api/auth/me and /api/auth/login return.
 */
import type { AnalysisResult, ClusterAnalysis } from "../../model/analysis";
import type { EntityDetail, SearchHit, Subgraph } from "../../model/graph";
import type { ComplaintRecord } from "../../model/records";
import type { FreezeRequestSummary, Triage } from "../../model/recovery";
import type { TraceResult } from "../../model/trace";
import type {
  AuditEntry,
  AuditVerification,
  ColumnGuess,
  ColumnMapping,
  Load,
  Me,
  MeAnswer,
  NamedMapping,
  Note,
  Permission,
  Preview,
  PublicUser,
  Role,
  Stats,
  Upload,
  UploadSummary,
} from "../../server/api/wire";

export type {
  AuditEntry,
  AuditVerification,
  ColumnGuess,
  ColumnMapping,
  Load,
  Me,
  NamedMapping,
  Note,
  Permission,
  Preview,
  PublicUser,
  Role,
  Stats,
  UploadSummary,
};
/** An upload job as GET /api/uploads lists it. */
export type UploadJob = Upload;
export type {
  AnalysisResult,
  ClusterAnalysis,
  EntityDetail,
  SearchHit,
  Subgraph,
  TraceResult,
  ComplaintRecord,
  FreezeRequestSummary,
  Triage,
};

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken = "";

/** Every signed-in answer names the loads that did not complete (server/api/routes/loads.ts); listeners hear changes. */
const loadListeners = new Set<(ids: string[]) => void>();
let incompleteHeader: string | null = null;

function watchIncompleteLoads(res: Response): void {
  if (res.status === 401) return;
  const value = res.headers.get("x-mulegraph-incomplete-loads") ?? "";
  if (value === incompleteHeader) return;
  incompleteHeader = value;
  const ids = value ? value.split(",") : [];
  for (const listener of loadListeners) listener(ids);
}

/** Hear the ids of the incomplete loads whenever an answer names a different set; returns the unsubscribe. */
export function onIncompleteLoads(listener: (ids: string[]) => void): () => void {
  loadListeners.add(listener);
  return () => loadListeners.delete(listener);
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const res = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
  watchIncompleteLoads(res);
  const type = res.headers.get("content-type") ?? "";
  if (!res.ok) {
    if (type.includes("json")) {
      const j = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
      throw new ApiError(
        res.status,
        j.error?.code ?? "error",
        j.error?.message ?? res.statusText,
        j.error?.details,
      );
    }
    throw new ApiError(res.status, "error", res.statusText);
  }
  if (type.includes("json")) return (await res.json()) as T;
  return (await res.text()) as unknown as T;
}

function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : "";
}

export const api = {
  async me(): Promise<Me | null> {
    try {
      const r = await call<MeAnswer>("GET", "/api/auth/me");
      csrfToken = r.csrfToken;
      return { ...r.user, permissions: r.permissions };
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  async login(username: string, password: string): Promise<Me> {
    const r = await call<MeAnswer>("POST", "/api/auth/login", { username, password });
    csrfToken = r.csrfToken;
    return { ...r.user, permissions: r.permissions };
  },
  async logout(): Promise<void> {
    await call("POST", "/api/auth/logout", {});
    csrfToken = "";
  },
  stats: () => call<Stats>("GET", "/api/stats"),
  loads: (all = false) =>
    call<{ loads: Load[]; incomplete: string[] }>(
      "GET",
      `/api/loads${qs({ all: all ? "true" : undefined })}`,
    ),
  rollbackLoad: (id: string) =>
    call<{
      load: string;
      files: string[];
      removed: { transfers: number; accounts: number; records: number };
    }>("POST", `/api/loads/${encodeURIComponent(id)}/rollback`, {}),
  uploads: () => call<{ uploads: UploadJob[] }>("GET", "/api/uploads"),
  upload: (job: string) => call<UploadJob>("GET", `/api/uploads/${encodeURIComponent(job)}`),
  startUpload: (form: FormData) => call<{ id: string }>("POST", "/api/uploads", form),
  preview: (form: FormData) => call<Preview>("POST", "/api/uploads/preview", form),
  mappings: () =>
    call<{ mappings: NamedMapping[]; fields: Record<string, string[]> }>("GET", "/api/mappings"),
  saveMapping: (body: {
    name: string;
    kind: string;
    header: string[];
    columns: Record<string, string>;
    replace?: boolean;
  }) => call<NamedMapping>("POST", "/api/mappings", body),
  deleteMapping: (name: string) => call<{ ok: true }>("DELETE", `/api/mappings/${encodeURIComponent(name)}`),
  /** One page of ranked hits; `next` is the offset of the following page, null on the last. */
  search: (q: string, limit = 20, offset = 0) =>
    call<{ hits: SearchHit[]; next: number | null }>("GET", `/api/search${qs({ q, limit, offset })}`),
  /** One entity with a page of its relationships; `edgesNext` is the offset of the following page, null on the last. */
  entity: (id: string, offset = 0) =>
    call<EntityDetail>("GET", `/api/entities/${encodeURIComponent(id)}${offset > 0 ? qs({ offset }) : ""}`),
  neighbourhood: (
    ids: string[],
    f: { depth?: number; from?: number; to?: number; minAmount?: number; nodeCap?: number } = {},
  ) => call<Subgraph>("GET", `/api/graph/neighbourhood${qs({ ids: ids.join(","), ...f })}`),
  clusters: () =>
    call<{ run: AnalysisResult["run"] | null; clusters: ClusterAnalysis[] }>("GET", "/api/clusters"),
  cluster: (id: string) =>
    call<{ cluster: ClusterAnalysis; subgraph: Subgraph }>("GET", `/api/clusters/${encodeURIComponent(id)}`),
  analyse: () => call<{ run: AnalysisResult["run"]; clusters: number }>("POST", "/api/analysis", {}),
  complaints: () => call<{ complaints: ComplaintRecord[] }>("GET", "/api/complaints"),
  trace: (body: { complaints?: string[]; txIds?: string[]; method?: "fifo" | "proportional" }) =>
    call<TraceResult>("POST", "/api/trace", body),
  triage: (complaints?: string[]) =>
    call<Triage>("GET", `/api/recovery/triage${qs({ complaints: complaints?.join(",") })}`),
  freezeRequests: (opts: { complaint?: string } = {}) =>
    call<{ requests: FreezeRequestSummary[] }>("GET", `/api/recovery/requests${qs(opts)}`),
  buildFreezeRequests: (accounts: string[], complaints?: string[]) =>
    call<{ requests: FreezeRequestSummary[] }>("POST", "/api/recovery/requests", {
      accounts,
      ...(complaints?.length ? { complaints } : {}),
    }),
  freezeOutcomes: (
    id: string,
    changes: { account?: string; status: string; amountKzt?: number; reason?: string }[],
  ) =>
    call<FreezeRequestSummary>("POST", `/api/recovery/requests/${encodeURIComponent(id)}/outcomes`, {
      changes,
    }),
  bankAnswer: (id: string, csv: string) =>
    call<FreezeRequestSummary>("POST", `/api/recovery/requests/${encodeURIComponent(id)}/answer`, { csv }),
  /** Where a request's file downloads from (a plain GET: the session cookie goes with it). */
  freezeFileUrl: (id: string, name: string) =>
    `/api/recovery/requests/${encodeURIComponent(id)}/files/${encodeURIComponent(name)}`,
  notes: (target: string) => call<{ notes: Note[] }>("GET", `/api/notes${qs({ target })}`),
  addNote: (target: string, text: string) => call<Note>("POST", "/api/notes", { target, text }),
  users: () => call<{ users: PublicUser[] }>("GET", "/api/users"),
  createUser: (body: { username: string; role: Role; password: string }) =>
    call<PublicUser>("POST", "/api/users", body),
  updateUser: (username: string, change: { role?: Role; password?: string; disabled?: boolean }) =>
    call<PublicUser>("PATCH", `/api/users/${encodeURIComponent(username)}`, change),
  /** Audit entries after `afterSeq` (the latest `limit` when absent), in seq order. */
  audit: (opts: { afterSeq?: number; limit?: number } = {}) =>
    call<{ entries: AuditEntry[]; lastSeq: number }>("GET", `/api/audit${qs(opts)}`),
  verifyAudit: () => call<AuditVerification>("GET", "/api/audit/verify"),
  /** The alert, case and approval routes, typed by client/src/views/casework-api.ts. */
  casework: call,
  /** A POST that answers with a file (a case's evidence package). */
  async postFile(path: string, fallbackName: string): Promise<{ blob: Blob; name: string }> {
    const res = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrfToken },
      body: "{}",
      credentials: "same-origin",
    });
    if (!res.ok) {
      const j = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      throw new ApiError(res.status, j.error?.code ?? "error", j.error?.message ?? res.statusText);
    }
    const name =
      /filename="?([^";]+)"?/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
    return { blob: await res.blob(), name };
  },
  exportFormats: () => call<{ formats: string[] }>("GET", "/api/exports/formats"),
  async exportFile(body: {
    selection: Record<string, unknown>;
    format: string;
  }): Promise<{ blob: Blob; name: string }> {
    const res = await fetch("/api/exports", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrfToken },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    if (!res.ok) {
      const j = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      throw new ApiError(res.status, j.error?.code ?? "error", j.error?.message ?? res.statusText);
    }
    const cd = res.headers.get("content-disposition") ?? "";
    const name = /filename="?([^";]+)"?/.exec(cd)?.[1] ?? `export.${body.format}`;
    return { blob: await res.blob(), name };
  },
};
