/**
 * The fingerprint store: one SQLite file (read and written with sql.js) holding, per environment,
 * each test file's record and links to deduplicated fingerprints, plus the file-state cache.
 */
export { openStore, readFileProvenance, type OpenOptions, type OpenResult, type StoreStatus } from './openStore';
export { saveRun, type PreviousState, type SaveOptions, type SaveResult, type SaveStage } from './saveRun';
export { mergeStores, type MergeOptions, type MergeResult } from './merge';
export { emptySnapshot } from './read';
export { DEFAULT_DATA_FILE, SCHEMA_VERSION } from './schema';
export { lockFileOf, DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STALE_LOCK_MS, type LockOptions } from './lock';
export type { ApplyStats } from './write';
export type * from './types';
