import * as fs from 'fs';
import type { SqlJsStatic } from 'sql.js';

type InitSqlJs = (config?: { wasmBinary?: ArrayBuffer }) => Promise<SqlJsStatic>;

let loading: Promise<SqlJsStatic> | undefined;

/**
 * Loads sql.js's WebAssembly build once per process. The JS glue and its `.wasm` are resolved from
 * the installed `sql.js` package, so this works from `dist/` in any install layout.
 * A failed load is not cached: the next call tries again.
 *
 * @example
 * const SQL = await loadSqlJs();
 * const db = new SQL.Database();
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= initialise().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function initialise(): Promise<SqlJsStatic> {
  const script = require.resolve('sql.js/dist/sql-wasm.js');
  const wasm = require.resolve('sql.js/dist/sql-wasm.wasm');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const initSqlJs = require(script) as InitSqlJs;
  const bytes = await fs.promises.readFile(wasm);
  const binary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return initSqlJs({ wasmBinary: binary });
}
