#!/usr/bin/env node
'use strict';
/**
 * Where the time of one function goes, from a V8 CPU profile (`node --cpu-prof`):
 *
 *   node benchmarks/lib/bench/profile.js FILE.cpuprofile [--root planRun] [--depth 4] [--min 2]
 *
 * Prints the call tree under every frame named `--root` (async continuations included: they are
 * separate stacks in the profile), inclusive milliseconds, then the functions with the most self
 * time under it and the same time per source file.
 */
const fs = require('fs');
const path = require('path');
const { parseFlags } = require('../flags');

const USAGE = 'Usage: node benchmarks/lib/bench/profile.js FILE.cpuprofile [--root NAME] [--depth N] [--min MS] [--top N]';

function load(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, { ...n, self: 0, total: 0, parent: undefined }]));
  for (const node of nodes.values()) for (const child of node.children ?? []) nodes.get(child).parent = node;
  // Sample i lasts timeDeltas[i + 1] (the delta before the next sample).
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = (timeDeltas[i + 1] ?? 0) / 1000;
    nodes.get(samples[i]).self += dt;
  }
  const total = (node) => {
    node.total = node.self + (node.children ?? []).reduce((sum, id) => sum + total(nodes.get(id)), 0);
    return node.total;
  };
  const roots = [...nodes.values()].filter((n) => !n.parent);
  for (const root of roots) total(root);
  return { nodes, roots };
}

const label = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? path.basename(url.replace(/^file:\/\//, '')) : '';
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
};

function summarize(file, { root = 'planRun', depth = 4, min = 2, top = 15 } = {}) {
  const { nodes } = load(file);
  const lines = [];
  // Outermost frames named `root` (a recursive or nested one is inside its ancestor's total).
  const starts = [...nodes.values()].filter((n) => {
    if (n.callFrame.functionName !== root) return false;
    for (let p = n.parent; p; p = p.parent) if (p.callFrame.functionName === root) return false;
    return true;
  });
  const sum = starts.reduce((s, n) => s + n.total, 0);
  lines.push(`${root}: ${sum.toFixed(1)} ms sampled in ${starts.length} stack(s)`);
  // Merge the trees of all starts by label path.
  const merged = { label: root, total: 0, children: new Map() };
  const add = (into, node, level) => {
    into.total += node.total;
    if (level >= depth) return;
    for (const id of node.children ?? []) {
      const child = nodes.get(id);
      const key = label(child);
      if (!into.children.has(key)) into.children.set(key, { label: key, total: 0, children: new Map() });
      add(into.children.get(key), child, level + 1);
    }
  };
  for (const start of starts) add(merged, start, 0);
  const print = (entry, indent) => {
    for (const child of [...entry.children.values()].sort((a, b) => b.total - a.total)) {
      if (child.total < min) continue;
      lines.push(`${'  '.repeat(indent)}${child.total.toFixed(1).padStart(7)} ms  ${child.label}`);
      print(child, indent + 1);
    }
  };
  print(merged, 1);

  const self = new Map();
  const byFile = new Map();
  const walk = (node) => {
    const key = label(node);
    self.set(key, (self.get(key) ?? 0) + node.self);
    const url = node.callFrame.url ? node.callFrame.url.replace(/^file:\/\//, '') : `(${node.callFrame.functionName || 'native'})`;
    byFile.set(url, (byFile.get(url) ?? 0) + node.self);
    for (const id of node.children ?? []) walk(nodes.get(id));
  };
  for (const start of starts) walk(start);
  lines.push(`\nself time under ${root}:`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${ms.toFixed(1).padStart(9)} ms  ${key}`);
  lines.push(`\nself time per file under ${root}:`);
  for (const [key, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${ms.toFixed(1).padStart(9)} ms  ${key}`);
  return lines.join('\n');
}

module.exports = { summarize };

if (require.main === module) {
  try {
    const [file, ...rest] = process.argv.slice(2);
    if (!file || file.startsWith('--')) throw new Error(USAGE);
    const flags = parseFlags(rest, { root: 'string', depth: 'integer', min: 'string', top: 'integer' }, USAGE);
    process.stdout.write(`${summarize(file, { ...flags, min: flags.min === undefined ? 2 : Number(flags.min) })}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  }
}
