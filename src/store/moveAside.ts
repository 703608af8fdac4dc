import * as fs from 'fs';
import { acquireLock, type LockOptions } from './lock';
import { sameIdentity, type FileIdentity } from './dataFile';

export type MoveAsideResult =
  | { kind: 'moved'; to: string }
  /** Another process replaced the file since it was read: read it again. */
  | { kind: 'replaced' }
  | { kind: 'failed'; reason: string };

/** `<file>.corrupt-2024-05-01T12-00-00-123Z`: where a damaged data file is kept for inspection. */
export function asideName(file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const name = `${file}.corrupt-${stamp}`;
  return fs.existsSync(name) ? `${name}-${process.pid}` : name;
}

/**
 * Renames a damaged data file out of the way (never deletes it), provided it is still the file that
 * was read. Takes the lock unless the caller holds it, so that a good file another process has just
 * written is not moved by mistake.
 */
export async function moveAside(file: string, identity: FileIdentity, lock: LockOptions | 'held'): Promise<MoveAsideResult> {
  let held: { release(): void } | undefined;
  try {
    if (lock !== 'held') held = await acquireLock(file, lock);
  } catch (error) {
    return { kind: 'failed', reason: (error as Error).message };
  }
  try {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return { kind: 'replaced' };
    }
    if (!sameIdentity(identity, stat)) return { kind: 'replaced' };
    const to = asideName(file);
    fs.renameSync(file, to);
    return { kind: 'moved', to };
  } catch (error) {
    return { kind: 'failed', reason: (error as Error).message };
  } finally {
    held?.release();
  }
}
