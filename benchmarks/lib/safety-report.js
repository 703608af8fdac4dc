'use strict';
/** The safety check's table: one row per mutant, then the totals and the verdict. */

/**
 * @param {Awaited<ReturnType<typeof import('./safety-check').runSafetyCheck>>} result
 * @param {(text: string) => void} write
 */
function printTable(result, write) {
  const rows = result.mutants.map((m) => [
    String(m.index),
    m.unitKind,
    m.kind,
    m.path ? `${m.file} ${m.path}` : `${m.file}:${m.line} ${m.unit}`,
    `${clip(m.original)} → ${clip(m.replacement)}`,
    String(m.failing.length),
    String(m.selected.length),
    String(m.related.length),
    m.error ? 'ERROR' : String(m.missed.length),
    m.error ? '' : String(m.relatedMissed.length),
  ]);
  const head = ['#', 'unit', 'fault', 'where', 'edit', 'failing', 'selected', 'related', 'missed', 'rel.missed'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = new Set([0, 5, 6, 7, 8, 9]);
  const line = (cells) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const t = result.totals;
  out.push(
    '',
    `project: ${result.project} (jest ${result.jest}${result.generator ? `, generated ${result.generator.size} seed ${result.generator.seed}, ${result.generator.transform}` : ''})`,
    `record: ${result.record ? `${result.record.testFiles} test files, ${result.record.tests} tests, ${result.record.seconds} s` : 'did not finish'}` +
      (result.record && result.record.failedAtBaseline.length > 0 ? `; failing before any fault (left out): ${result.record.failedAtBaseline.join(', ')}` : ''),
    `mutants: ${t.mutants} (seed ${result.seed}), ${t.killed} broke at least one test file`,
    `test files: failing ${t.failing}, selected by jest-difftest ${t.selected}, by --findRelatedTests ${t.related} (summed over mutants)`,
    `missed by jest-difftest: ${t.missed} test files in ${t.mutantsWithMisses} mutants; missed by --findRelatedTests: ${t.relatedMissed}`,
  );
  if (t.cases) {
    out.push(
      `test cases (--test-cases): failing ${t.cases.failing}, run by jest-difftest ${t.cases.ran}, in the selected files ${t.cases.inSelectedFiles} (summed over mutants)`,
      `test cases missed by jest-difftest: ${t.cases.missed}`,
    );
  }
  if (t.dataChanged > 0) {
    const by = result.mutants.filter((m) => m.dataChanged).map((m) => `#${m.index} (${m.dataChangedBy.join(', ') || 'restore'})`);
    out.push(`DATA FILE CHANGED by a run that must not record: ${by.join(', ')}`);
  }
  if (t.errors > 0) out.push(`errors: ${t.errors} mutants (see --json for messages)`);
  if (result.afterRestore) out.push(`after restoring: jest-difftest selects ${result.afterRestore.selected.length} test files`);
  out.push(`project left unchanged: ${result.projectUnchanged ? 'yes' : 'NO'}`);
  for (const m of result.mutants.filter((x) => x.cases?.missed.length > 0)) {
    out.push('', `MISSED test cases by mutant ${m.index}: ${m.cases.missed.join(', ')}`, `  replay: ${m.replay}`);
  }
  for (const m of result.mutants.filter((x) => x.missed.length > 0)) {
    out.push('', `MISSED by mutant ${m.index}: ${m.missed.join(', ')}`, `  replay: ${m.replay}`, ...(m.explain ?? []).slice(0, 20).map((l) => `  | ${l}`));
  }
  for (const m of result.mutants.filter((x) => x.error)) out.push('', `ERROR in mutant ${m.index}: ${m.error}`, `  replay: ${m.replay}`);
  out.push('', result.ok ? `SAFE: every failing test ${t.cases ? 'case ran' : 'file was selected'}` : 'NOT SAFE: see above');
  write(`${out.join('\n')}\n`);
}

const clip = (s) => {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 24 ? `${one.slice(0, 21)}...` : one;
};

module.exports = { printTable };
