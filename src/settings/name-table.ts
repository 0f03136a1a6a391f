// The transport and alias tables are keyed by names the user (or a committed config file) chose.
// `__proto__` as a key of a plain object sets its prototype instead of an entry, so it vanished
// without a word; `constructor` and `prototype` name what every object already has, so a lookup by
// such a name could answer with a function. None is a name anyone means: they are refused, named.
export const RESERVED_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

// As buildTransportMap compares names (trimmed, lower-cased): `__PROTO__` is refused too.
const isReserved = (name: string): boolean => RESERVED_NAMES.includes(name.trim().toLowerCase());

// [name, value] pairs → a table without prototype, refusing a reserved name. `what` is `transport` or
// `alias`; `origin` is the flag, variable or config file, as the kind's other errors name it.
export const nameTable = <V>(pairs: Iterable<readonly [string, V]>, what: string, origin: string, fail: (message: string) => Error): Record<string, V> => {
  const table = Object.create(null) as Record<string, V>;
  for (const [name, value] of pairs) {
    if (isReserved(name)) throw fail(`${origin}: '${name}' cannot name ${what === 'alias' ? 'an' : 'a'} ${what} (${RESERVED_NAMES.join(', ')} are reserved)`);
    table[name] = value;
  }
  return table;
};
