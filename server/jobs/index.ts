/**
 * Upload jobs: files received by the API are ingested in the background, one job at a time (ingest is CPU- and
 * store-bound; two at once would only slow both). Status lives in the store (UploadRecord), live progress in memory;
 * subscribers (server-sent events) get progress and the final record. Jobs left queued or running by a previous
 * process are marked failed at start-up.
 */
import { mkdir, writeFile, readFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { newLoadId } from "../store/loads.js";
import type { GraphReadPort, GraphWritePort } from "../store/ports/graph.js";
import type { LoadStart } from "../store/ports/loads.js";
import type { UploadRecord, UploadRecords } from "../store/ports/records.js";
import type { IngestPort, JobEvent, JobProgress, UploadFile } from "./types.js";
import { withStoreDelta } from "./store-delta.js";

export type { IngestPort, JobEvent, JobProgress, UploadFile } from "./types.js";

/**
 * What is kept next to an upload's files (upload.json): the file list, the mapping asked for every file, and the
 * files' own mappings by file name.
 */
export interface UploadManifest {
  id: string;
  files: { name: string; bytes: number }[];
  mapping?: unknown;
  mappings?: Record<string, unknown>;
  rejectsPath?: string;
  /** Files of the upload that are not ingested (unreadable, or unsafe in a zip), with the reason. */
  setAside?: { name: string; reason: string }[];
}

interface QueuedJob {
  upload: UploadRecord;
  files: UploadFile[];
  mapping?: unknown;
  progress: JobProgress;
}

export interface UploadJobsOptions {
  /** Upload records, the graph the jobs write into, and its counts (before and after each job). */
  store: UploadRecords & GraphWritePort & Pick<GraphReadPort, "stats">;
  uploadDir: string;
  logger: Logger;
  ingest: IngestPort;
  /** Rows dated outside it are rejected (MULEGRAPH_TIME_NOT_BEFORE / _NOT_AFTER); ingest defaults when unset. */
  plausibleTime?: { notBefore?: number; notAfter?: number };
}

export class UploadJobs {
  private readonly queue: QueuedJob[] = [];
  private readonly live = new Map<string, QueuedJob>();
  private readonly listeners = new Map<string, Set<(e: JobEvent) => void>>();
  private running: Promise<void> | null = null;
  private closing = false;

  constructor(private readonly opts: UploadJobsOptions) {}

  /** The ingest pipeline the jobs run (the upload routes use its format detection too). */
  get ingest(): IngestPort {
    return this.opts.ingest;
  }

  /** Folder of one upload (files, manifest, reports). */
  dirOf(id: string): string {
    return path.join(this.opts.uploadDir, id);
  }

  /** Record a new upload as queued and schedule its ingest. */
  async start(input: {
    id: string;
    createdBy: string;
    files: UploadFile[];
    mapping?: unknown;
    setAside?: { name: string; reason: string }[];
  }): Promise<UploadRecord> {
    const upload: UploadRecord = {
      id: input.id,
      createdAt: Date.now(),
      createdBy: input.createdBy,
      status: "queued",
    };
    const manifest: UploadManifest = {
      id: input.id,
      files: input.files.map((f) => ({ name: f.name, bytes: f.bytes })),
      ...(input.mapping !== undefined ? { mapping: input.mapping } : {}),
      ...(input.setAside?.length ? { setAside: input.setAside } : {}),
    };
    const own = input.files.filter((f) => f.mapping !== undefined);
    if (own.length) manifest.mappings = Object.fromEntries(own.map((f) => [f.name, f.mapping]));
    const job: QueuedJob = {
      upload,
      files: input.files,
      mapping: input.mapping,
      progress: {
        files: input.files.length,
        filesDone: 0,
        rowsRead: 0,
        bytesRead: 0,
        bytesTotal: sum(input.files.map((f) => f.bytes)),
      },
    };
    // Live before it is in the store, so recoverInterrupted never takes it for a leftover.
    this.live.set(upload.id, job);
    try {
      await mkdir(this.dirOf(input.id), { recursive: true });
      await writeFile(path.join(this.dirOf(input.id), "upload.json"), JSON.stringify(manifest, null, 2));
      await this.opts.store.putUpload(upload);
    } catch (err) {
      this.live.delete(upload.id);
      throw err;
    }
    this.queue.push(job);
    this.pump();
    return upload;
  }

  /** Live progress of a queued or running job; undefined once it ended (or never ran here). */
  progress(id: string): JobProgress | undefined {
    return this.live.get(id)?.progress;
  }

  async manifest(id: string): Promise<UploadManifest | null> {
    try {
      return JSON.parse(await readFile(path.join(this.dirOf(id), "upload.json"), "utf8")) as UploadManifest;
    } catch {
      return null;
    }
  }

  /** Listen to one upload's events; returns the unsubscribe function. */
  subscribe(id: string, listener: (e: JobEvent) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  /** Mark uploads a previous process left queued or running as failed. */
  async recoverInterrupted(): Promise<number> {
    const uploads = await this.opts.store.listUploads({ limit: 10_000 });
    let n = 0;
    for (const u of uploads) {
      if ((u.status === "queued" || u.status === "running") && !this.live.has(u.id)) {
        await this.opts.store.putUpload({
          ...u,
          status: "failed",
          error:
            "jobs: interrupted by a server restart; upload again (what it stored is listed as an incomplete load " +
            "until then, or until it is rolled back)",
        });
        n++;
      }
    }
    return n;
  }

  /**
   * Stop: queued jobs fail ("shut down before it started"), the running one gets `graceMs` to finish, subscribers
   * are told to close their streams.
   */
  async close(graceMs = 30_000): Promise<void> {
    this.closing = true;
    for (const job of this.queue.splice(0)) {
      await this.finish(job, {
        ...job.upload,
        status: "failed",
        error: "jobs: the server shut down before this job started",
      });
    }
    for (const set of this.listeners.values()) for (const l of [...set]) l({ type: "closing" });
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.running, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
    }
  }

  private emit(id: string, event: JobEvent): void {
    for (const l of [...(this.listeners.get(id) ?? [])]) l(event);
  }

  private pump(): void {
    if (this.running || this.closing) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = this.run(job).finally(() => {
      this.running = null;
      this.pump();
    });
  }

  private async run(job: QueuedJob): Promise<void> {
    const { store, logger, ingest } = this.opts;
    const id = job.upload.id;
    const load: LoadStart = {
      id: newLoadId(),
      by: job.upload.createdBy,
      origin: `upload:${id}`,
      inputs: job.files.map((f) => ({ name: f.name, bytes: f.bytes })),
    };
    try {
      job.upload = { ...job.upload, status: "running" };
      await store.putUpload(job.upload);
      this.emit(id, { type: "progress", upload: job.upload, progress: job.progress });
      let lastEmit = 0;
      const before = await store.stats();
      const result = await ingest.ingest(job.files, {
        store,
        mapping: job.mapping,
        plausibleTime: this.opts.plausibleTime,
        reportDir: this.dirOf(id),
        load,
        onProgress: (p) => {
          Object.assign(job.progress, p);
          const now = Date.now();
          if (now - lastEmit >= 250) {
            lastEmit = now;
            this.emit(id, { type: "progress", upload: job.upload, progress: job.progress });
          }
        },
      });
      job.progress.filesDone = job.progress.files;
      job.progress.bytesRead = job.progress.bytesTotal;
      const manifest = await this.manifest(id);
      if (manifest && result.rejectsPath) {
        manifest.rejectsPath = path.relative(this.dirOf(id), result.rejectsPath);
        await writeFile(path.join(this.dirOf(id), "upload.json"), JSON.stringify(manifest, null, 2));
      }
      const summary = withStoreDelta(result.summary, before, await store.stats());
      await this.finish(job, { ...job.upload, status: "done", summary });
      logger.info({ upload: id, status: "done" }, "jobs: upload ingested");
    } catch (err) {
      const e = err as Error;
      await this.finish(job, {
        ...job.upload,
        status: "failed",
        error:
          `jobs: ingest failed: ${e.message} (load ${load.id}: what it stored is listed as an incomplete load until ` +
          "the same files are uploaded again or it is rolled back)",
      });
      logger.warn({ upload: id, load: load.id, status: "failed", error: e.name }, "jobs: upload failed");
    }
  }

  private async finish(job: QueuedJob, upload: UploadRecord): Promise<void> {
    job.upload = upload;
    try {
      await this.opts.store.putUpload(upload);
    } catch (err) {
      this.opts.logger.error(
        { upload: upload.id, error: (err as Error).name },
        "jobs: could not record the job's end",
      );
    }
    this.live.delete(upload.id);
    this.emit(upload.id, upload.status === "done" ? { type: "done", upload } : { type: "failed", upload });
  }
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
