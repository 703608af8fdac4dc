type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Wraps the named methods of a shared object (a Node module, a class prototype) so that `before` sees
 * each call's receiver and arguments, for the time of one test file: the environment watches what the
 * test's code does through objects every test realm shares. Names that are not methods there are
 * left alone.
 *
 * @returns what puts the original methods back.
 */
export function watchMethods(target: object, names: readonly string[], before: (self: unknown, args: unknown[]) => void): () => void {
  const methods = target as Record<string, unknown>;
  const originals: Array<[string, Method]> = [];
  for (const name of names) {
    const original = methods[name];
    if (typeof original !== 'function') continue;
    originals.push([name, original as Method]);
    methods[name] = function (this: unknown, ...args: unknown[]) {
      before(this, args);
      return (original as Method).apply(this, args);
    };
  }
  return () => {
    for (const [name, original] of originals.reverse()) methods[name] = original;
  };
}
