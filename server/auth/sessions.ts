/**
 * Server-side sessions, kept in memory: the cookie carries only a random id (256 bits), the session holds the user,
 * role and CSRF token. Sessions end on logout, after an idle period, after an absolute lifetime, and when an admin
 * changes or disables the user. A restart signs everyone out, which is the safe direction.
 */
import { randomBytes } from "node:crypto";
import type { Role } from "./roles.js";

export interface Session {
  id: string;
  username: string;
  role: Role;
  /** Sent back in the `x-csrf-token` header on state-changing requests. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionOptions {
  /** End a session unused for this long; default 8 hours. */
  idleMs?: number;
  /** End any session this old; default 24 hours. */
  absoluteMs?: number;
}

function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(opts: SessionOptions = {}) {
    this.idleMs = opts.idleMs ?? 8 * 3600_000;
    this.absoluteMs = opts.absoluteMs ?? 24 * 3600_000;
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  /** Start a session for a user who just proved their password. */
  create(user: { username: string; role: Role }, now = Date.now()): Session {
    const session: Session = {
      id: randomToken(),
      username: user.username,
      role: user.role,
      csrfToken: randomToken(),
      createdAt: now,
      lastSeenAt: now,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id (touching it), or null when unknown or expired. */
  get(id: string, now = Date.now()): Session | null {
    const s = this.sessions.get(id);
    if (!s) return null;
    if (this.expired(s, now)) {
      this.sessions.delete(id);
      return null;
    }
    s.lastSeenAt = now;
    return s;
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  /** End every session of a user (after a role change, password change or disable). */
  destroyUser(username: string): void {
    for (const [id, s] of this.sessions) if (s.username === username) this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Drop expired sessions; runs every minute. */
  sweep(now = Date.now()): void {
    for (const [id, s] of this.sessions) if (this.expired(s, now)) this.sessions.delete(id);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.sessions.clear();
  }

  private expired(s: Session, now: number): boolean {
    return now - s.lastSeenAt > this.idleMs || now - s.createdAt > this.absoluteMs;
  }
}
