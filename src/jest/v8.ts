import * as fs from 'fs';
import type { SourceMapInput } from '@jridgewell/trace-mapping';
import type { V8CoverageResult } from '@jest/test-result';
import { fingerprintFromV8 } from '../core/coverage-v8';
import type { Checksum, FileBlocks } from '../core/types';
import { createOffsetMapper } from './sourcemap';

type V8Entry = V8CoverageResult[number];

/**
 * The fingerprint of one `testResult.v8Coverage` entry: V8's offsets are in the code Jest ran (after
 * the transform, and after Jest 29's module wrapper), mapped back through the transform's source map.
 */
export function v8Fingerprint(blocks: FileBlocks, entry: V8Entry, originalText: string): Checksum[] {
  const transformed = entry.codeTransformResult as
    | { code: string; originalCode: string; sourceMapPath: string | null; wrapperLength?: number }
    | undefined;
  const code = transformed?.code ?? originalText;
  const toOriginal = createOffsetMapper(code, transformed?.sourceMapPath ? readSourceMap(transformed.sourceMapPath) : null, {
    wrapperLength: transformed?.wrapperLength ?? 0,
    originalCode: transformed?.originalCode ?? originalText,
  });
  return fingerprintFromV8(blocks, entry.result.functions, toOriginal);
}

function readSourceMap(file: string): SourceMapInput | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SourceMapInput;
  } catch {
    return null;
  }
}
