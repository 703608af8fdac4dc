'use strict';
/**
 * Edits for the benchmarks: one function body gains a statement that does nothing (`void 0;`).
 * Its tokens change (so its block's checksum does), its behaviour does not, so every test still
 * passes and the runs compare like with like.
 */

const FUNCTION = /^export function (\w+)\([^)]*\)[^{\n]*\{/gm;

/**
 * The text with a no-op statement at the start of the first exported function (or of `name`).
 * `tag` goes into the statement (`void 7;`): a new tag is new content, which Jest's transform
 * cache has not seen, as after a real edit.
 * @returns {{text: string, name: string} | undefined} undefined when the file has no such function
 */
function editFunction(text, name, tag = 0) {
  for (const match of text.matchAll(FUNCTION)) {
    if (name && match[1] !== name) continue;
    const at = match.index + match[0].length;
    return { text: `${text.slice(0, at)}\n  void ${tag};${text.slice(at)}`, name: match[1] };
  }
  return undefined;
}

/** Source modules with an exported function: not barrels (`index.ts`), type or constant modules. */
function editableSources(files) {
  return [...files.keys()]
    .filter((f) => f.startsWith('src/') && f.endsWith('.ts') && !/\/(index|types|constants)\.ts$/.test(f))
    .filter((f) => editFunction(files.get(f)) !== undefined)
    .sort();
}

/** `count` editable modules spread evenly over the sorted list (the same ones every time). */
function spreadSources(files, count) {
  const all = editableSources(files);
  if (count > all.length) throw new Error(`only ${all.length} editable source files, ${count} asked`);
  const step = all.length / count;
  return Array.from({ length: count }, (_, i) => all[Math.floor(i * step)]);
}

/** The shared module edited by the end-to-end benchmark: the first one under src/shared/. */
function sharedModule(files) {
  const file = editableSources(files).find((f) => f.startsWith('src/shared/'));
  if (!file) throw new Error('the project has no shared module with an exported function');
  return { file, name: editFunction(files.get(file)).name };
}

module.exports = { editFunction, editableSources, spreadSources, sharedModule };
