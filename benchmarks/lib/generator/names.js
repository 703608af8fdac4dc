'use strict';
/** Word lists and a name factory: readable, unique identifiers for packages, modules and their exports. */

const DOMAINS = [
  'billing', 'catalog', 'checkout', 'inventory', 'shipping', 'pricing', 'accounts', 'orders', 'reports', 'search',
  'payments', 'invoices', 'ledger', 'audit', 'alerts', 'metrics', 'sessions', 'profiles', 'routing', 'scheduling',
  'storage', 'uploads', 'exports', 'imports', 'tickets', 'support', 'reviews', 'ratings', 'coupons', 'loyalty',
  'taxes', 'warehouse', 'returns', 'refunds', 'vendors', 'contracts', 'budgets', 'forecasts', 'payroll', 'teams',
  'projects', 'tasks', 'calendar', 'messages', 'feeds', 'media', 'assets', 'content', 'locales', 'settings',
  'permissions', 'identity', 'tokens', 'quotas', 'limits', 'cache', 'queues', 'jobs', 'webhooks', 'telemetry',
];

const ADJECTIVES = [
  'amber', 'brisk', 'calm', 'dusty', 'eager', 'faint', 'gentle', 'hollow', 'idle', 'jolly', 'keen', 'lucky',
  'mellow', 'nimble', 'odd', 'plain', 'quiet', 'rapid', 'sharp', 'tidy', 'urban', 'vivid', 'warm', 'young',
  'zesty', 'bold', 'crisp', 'deep', 'early', 'fresh', 'grand', 'humble', 'inner', 'just', 'kind', 'lean',
  'merry', 'noble', 'open', 'prime', 'quick', 'rich', 'solid', 'true', 'upper', 'vast', 'wise', 'lively',
  'azure', 'bright', 'clever', 'daring', 'even', 'fair', 'golden', 'hardy', 'ivory', 'jade', 'loyal', 'modest',
];

const NOUNS = [
  'ledger', 'batch', 'cursor', 'digest', 'entry', 'filter', 'gauge', 'handle', 'index', 'journal', 'kernel',
  'label', 'matrix', 'notice', 'offset', 'packet', 'quota', 'record', 'sample', 'ticket', 'unit', 'vector',
  'window', 'bucket', 'channel', 'credit', 'draft', 'event', 'frame', 'grid', 'hint', 'item', 'link', 'marker',
  'node', 'order', 'panel', 'query', 'range', 'slot', 'token', 'update', 'value', 'widget', 'anchor', 'budget',
  'counter', 'detail', 'factor', 'group', 'header', 'layer', 'metric', 'option', 'policy', 'report', 'score',
  'signal', 'tally', 'tracker', 'voucher', 'weight', 'bundle', 'clause', 'deposit', 'figure', 'margin', 'parcel',
];

/** Shared helpers: fixed, familiar names first, then numbered ones. */
const SHARED_FUNCTIONS = [
  'clampTo', 'blend', 'wrapAround', 'spread', 'fold', 'quantize', 'skew', 'taper', 'bump', 'nudge', 'settle',
  'balance', 'dampen', 'stretch', 'shift', 'scatter', 'round5', 'squeeze', 'lift', 'trim',
];

const SHARED_MODULES = [
  'math', 'numbers', 'ranges', 'rounding', 'scaling', 'steps', 'weights', 'ratios', 'curves', 'offsets',
  'limits', 'series', 'buckets', 'spans', 'levels', 'tiers', 'grades', 'shares', 'parts', 'units',
];

const cap = (word) => word[0].toUpperCase() + word.slice(1);
const camel = (words) => words[0] + words.slice(1).map(cap).join('');
const pascal = (words) => words.map(cap).join('');
const kebab = (words) => words.join('-');
const upper = (words) => words.map((w) => w.toUpperCase()).join('_');

/**
 * Hands out names that are unique across the whole project, so that a test can import from several
 * barrels without clashes. Deterministic: the n-th request always gets the same name.
 */
class NameFactory {
  constructor() {
    this.used = new Set();
  }

  /** A package directory name: a domain word, numbered once the list runs out. */
  packageName(index) {
    const word = DOMAINS[index % DOMAINS.length];
    const round = Math.floor(index / DOMAINS.length);
    return this.claim(round === 0 ? word : `${word}${round + 1}`);
  }

  /** A module's words (`['amber', 'ledger']`), unique in the project. */
  moduleWords(rng) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const words = [rng.pick(ADJECTIVES), rng.pick(NOUNS)];
      if (this.tryClaim(kebab(words))) return words;
    }
    for (let n = 2; ; n++) {
      const words = [rng.pick(ADJECTIVES), `${rng.pick(NOUNS)}${n}`];
      if (this.tryClaim(kebab(words))) return words;
    }
  }

  /** The name of the index-th shared helper function. */
  sharedFunction(index) {
    const base = SHARED_FUNCTIONS[index % SHARED_FUNCTIONS.length];
    const round = Math.floor(index / SHARED_FUNCTIONS.length);
    return this.claim(round === 0 ? base : `${base}${round + 1}`);
  }

  /** The name of the index-th shared module file. */
  sharedModule(index) {
    const base = SHARED_MODULES[index % SHARED_MODULES.length];
    const round = Math.floor(index / SHARED_MODULES.length);
    return this.claim(`shared/${round === 0 ? base : `${base}${round + 1}`}`).slice('shared/'.length);
  }

  claim(name) {
    if (!this.tryClaim(name)) throw new Error(`name ${name} handed out twice`);
    return name;
  }

  tryClaim(name) {
    if (this.used.has(name)) return false;
    this.used.add(name);
    return true;
  }
}

module.exports = { NameFactory, camel, pascal, kebab, upper, cap };
