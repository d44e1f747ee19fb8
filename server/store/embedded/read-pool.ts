/**
 * Read worker threads for the embedded store. better-sqlite3 is synchronous, so a read on the server's own thread
 * stops every other request until it ends: with 100 clients, one 500-node neighbourhood (200 ms) delayed all of
 * them. The pool runs search, entity and neighbourhood (reads.ts) on their own read-only connections in worker
 * threads (WAL lets readers and the writer work at once), so the event loop keeps serving and a second core works.
 *
 * Callers commit their open write groups before sending a read (EmbeddedStore does), so a read sees every
 * acknowledged write. A worker that dies fails its pending reads and is replaced.
 */
import { Worker } from "node:worker_threads";

export type ReadMethod = "search" | "entity" | "neighbourhood";

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

type Reply = { id: number; value: unknown } | { id: number; error: { name: string; message: string } };

export class ReadWorkerError extends Error {
  override name = "ReadWorkerError";
}

const WORKER_URL = new URL("./read-worker.js", import.meta.url);

export class ReadPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closing = false;

  constructor(
    private readonly file: string,
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL, { workerData: { file: this.file } });
    const slot: Slot = { worker, pending: new Map() };
    worker.on("message", (reply: Reply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      if ("error" in reply) {
        const err = new Error(reply.error.message);
        err.name = reply.error.name;
        p.reject(err);
      } else p.resolve(reply.value);
    });
    const fail = (why: string) => {
      for (const p of slot.pending.values())
        p.reject(new ReadWorkerError(`store/embedded: read worker ${why}`));
      slot.pending.clear();
      const i = this.slots.indexOf(slot);
      if (i >= 0 && !this.closing) this.slots[i] = this.spawn();
    };
    worker.on("error", (err) => fail(`failed: ${err.message}`));
    worker.on("exit", (code) => fail(`exited with code ${code}`));
    // An idle pool does not keep the process alive; a worker with reads in flight does (see run).
    worker.unref();
    return slot;
  }

  /** Run one read on the least busy worker; `serialize`: answered as the worker's JSON text (read-worker-main.ts). */
  run<T>(method: ReadMethod, args: unknown[], serialize = false): Promise<T> {
    if (this.closing) return Promise.reject(new ReadWorkerError("store/embedded: the read pool is closed"));
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.pending.size < slot.pending.size) slot = s;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, method, args, serialize });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
