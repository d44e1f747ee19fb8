/**
 * Route handlers still running. A client that hangs up does not stop its handler, and the HTTP server reports itself
 * closed once the last connection is gone: on shutdown the server also waits for these before it closes the store,
 * so that no handler reads a closed store or loses its audit entry.
 */
export class InFlight {
  private running = 0;
  private waiters: (() => void)[] = [];

  /** Run `work`, counted until it settles. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      if (--this.running === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Resolves true once no handler runs, or false when `ms` pass first. */
  idle(ms: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(false);
      }, ms);
      this.waiters.push(wake);
    });
  }
}
