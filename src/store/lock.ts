import * as fs from 'fs';
import * as os from 'os';
import { randomBytes } from 'crypto';
import { LockTimeoutError } from '../errors';

export interface LockOptions {
  /**
   * How long to wait for another process's lock before giving up.
   * @default 20000
   */
  timeoutMs?: number;
  /**
   * A lock older than this is stale whoever holds it (a save takes about a second; this covers
   * holders on other hosts sharing the directory, whose pid cannot be checked).
   * @default 60000
   */
  staleMs?: number;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 20_000;
export const DEFAULT_STALE_LOCK_MS = 60_000;

/** What a lock file holds. */
interface LockOwner {
  pid: number;
  hostname: string;
  createdAt: number;
  nonce: string;
}

/** A held lock. `release()` removes the lock file if it is still this one; it never throws. */
export interface Lock {
  readonly file: string;
  release(): void;
}

/** `<file>.lock`: the data file's inter-process lock. */
export function lockFileOf(file: string): string {
  return `${file}.lock`;
}

/**
 * Takes `<file>.lock`, created exclusively (`wx`) with the owner's pid, hostname and time.
 * A lock whose pid is dead on this host, or older than `staleMs`, is broken. Waits with
 * growing, jittered pauses up to `timeoutMs`.
 *
 * Breaking a stale lock renames it to a unique name first and checks that what was moved is the
 * lock judged stale; if a live lock was moved by a race, it is put back (`link`, which fails rather
 * than overwrite a newer lock).
 *
 * @throws {LockTimeoutError} after `timeoutMs`.
 * @throws the file-system error when the lock cannot be created for another reason (EACCES, EROFS …).
 */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<Lock> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const staleMs = options.staleMs ?? DEFAULT_STALE_LOCK_MS;
  const lockFile = lockFileOf(file);
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), createdAt: Date.now(), nonce: randomBytes(8).toString('hex') };
  const started = Date.now();
  let pause = 5;
  for (;;) {
    owner.createdAt = Date.now();
    if (tryCreate(lockFile, owner)) return { file: lockFile, release: () => release(lockFile, owner.nonce) };

    const held = readLock(lockFile);
    if (held && isStale(held, staleMs)) {
      breakLock(lockFile, held);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new LockTimeoutError(lockFile, waited, held ? describeOwner(held.owner) : 'an unknown process');
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause * (0.5 + Math.random()), timeoutMs - waited)));
    pause = Math.min(pause * 1.5, 200);
  }
}

function tryCreate(lockFile: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockFile, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(fd, JSON.stringify(owner));
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

interface HeldLock {
  /** `undefined` while the holder has created the file but not written it yet (or it is garbage). */
  owner: LockOwner | undefined;
  raw: string;
  mtimeMs: number;
}

function readLock(lockFile: string): HeldLock | undefined {
  try {
    const raw = fs.readFileSync(lockFile, 'utf8');
    const { mtimeMs } = fs.statSync(lockFile);
    return { owner: parseOwner(raw), raw, mtimeMs };
  } catch {
    return undefined; // Released meanwhile: try again.
  }
}

function parseOwner(raw: string): LockOwner | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.hostname === 'string' && typeof value.createdAt === 'number' && typeof value.nonce === 'string') {
      return value as LockOwner;
    }
  } catch {
    // Not JSON (yet): judged by the file's age.
  }
  return undefined;
}

function isStale(held: HeldLock, staleMs: number): boolean {
  const { owner } = held;
  const age = Date.now() - (owner ? owner.createdAt : held.mtimeMs);
  if (age > staleMs) return true;
  if (!owner) return false;
  return owner.hostname === os.hostname() && owner.pid !== process.pid && !isAlive(owner.pid);
}

/** Whether a process with this pid exists on this host. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function breakLock(lockFile: string, judged: HeldLock): void {
  const aside = `${lockFile}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(lockFile, aside);
  } catch {
    return; // Someone else broke or released it.
  }
  let moved: string | undefined;
  try {
    moved = fs.readFileSync(aside, 'utf8');
  } catch {
    moved = undefined;
  }
  if (moved !== judged.raw) {
    // A race moved a newer, live lock: put it back unless yet another lock appeared meanwhile.
    try {
      fs.linkSync(aside, lockFile);
    } catch {
      // EEXIST: a newer lock is in place already. Nothing better to do.
    }
  }
  try {
    fs.unlinkSync(aside);
  } catch {
    // Already gone.
  }
}

function release(lockFile: string, nonce: string): void {
  try {
    const owner = parseOwner(fs.readFileSync(lockFile, 'utf8'));
    // Only remove our own lock: ours may have been broken as stale and another process holds it now.
    if (owner?.nonce === nonce) fs.unlinkSync(lockFile);
  } catch {
    // Already gone.
  }
}

function describeOwner(owner: LockOwner | undefined): string {
  if (!owner) return 'a process that has not written its name yet';
  const age = Math.round((Date.now() - owner.createdAt) / 1000);
  return `pid ${owner.pid} on ${owner.hostname}, for ${age} s`;
}
