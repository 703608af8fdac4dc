import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { isAlive } from './lock';

/** Prefix of the temporary files a save writes next to the data file. */
export function tempPrefixOf(file: string): string {
  return `${path.basename(file)}.tmp-`;
}

/**
 * Replaces `file` with `bytes` so that a reader, or a crash at any moment, sees either the old
 * content or the new one: write a temporary file in the same directory, fsync it, rename it over
 * `file`, then fsync the directory so the rename itself survives a power loss (where the platform
 * allows opening a directory).
 *
 * @param beforeRename called once the temporary file is complete, before the rename; tests use it
 *   to stop a writer at that point.
 * @throws the file-system error; the temporary file is removed.
 */
export async function writeFileAtomic(file: string, bytes: Uint8Array, beforeRename?: () => void | Promise<void>): Promise<void> {
  const temp = path.join(path.dirname(file), `${tempPrefixOf(file)}${process.pid}-${randomBytes(4).toString('hex')}`);
  // Keep the permissions of the file being replaced.
  const mode = await fs.promises.stat(file).then((stat) => stat.mode & 0o777, () => undefined);
  try {
    const handle = await fs.promises.open(temp, 'wx', 0o644);
    try {
      if (mode !== undefined) await handle.chmod(mode);
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await beforeRename?.();
    await fs.promises.rename(temp, file);
  } catch (error) {
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  syncDirectory(path.dirname(file));
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows and some file systems cannot open or fsync a directory: the rename is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Removes temporary files earlier saves left behind when killed. Called with the lock held, so no
 * live save is writing one; still, only files of dead processes or older than `staleMs` go.
 */
export function removeLeftovers(file: string, staleMs: number): void {
  const dir = path.dirname(file);
  const prefix = tempPrefixOf(file);
  const lockAside = `${path.basename(file)}.lock.stale-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const isTemp = name.startsWith(prefix);
    if (!isTemp && !name.startsWith(lockAside)) continue;
    const full = path.join(dir, name);
    try {
      const pid = Number(name.slice(isTemp ? prefix.length : lockAside.length).split('-')[0]);
      const old = Date.now() - fs.statSync(full).mtimeMs > staleMs;
      if (old || (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid))) fs.unlinkSync(full);
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
}
