import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes a file of Jest's cache directory whose content is fixed by its name, so that a reader sees
 * it whole or not at all: workers (or two runs) may write the same one at once, each its own
 * temporary file renamed into place. Nothing is thrown: a file not written is made again when needed.
 *
 * @returns whether the file is in place.
 */
export function writeCacheFile(file: string, text: string): boolean {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      fs.writeFileSync(temp, text);
      fs.renameSync(temp, file);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
    return true;
  } catch {
    return false;
  }
}
