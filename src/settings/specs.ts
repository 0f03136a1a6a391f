// The two spec syntaxes, each parsed here only: a flag gives one spec per occurrence, a
// SECRETS_RUN_* variable a list of them (`;` between transports, `,` between aliases). `shape` is
// how the source writes them, for the message.
type Fail = (message: string) => Error;

export const splitList = (value: string, separator: string): string[] =>
  value
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');

// "db=KEY_A,KEY_B" → ["db", ["KEY_A", "KEY_B"]]
export const parseTransportSpec = (spec: string, origin: string, fail: Fail, shape = 'SLUG=KEY,KEY...'): [string, string[]] => {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw fail(`${origin}: expected ${shape} but got '${spec}'`);
  return [spec.slice(0, eq).trim(), splitList(spec.slice(eq + 1), ',')];
};

// "timescale=db" → ["timescale", "db"]
export const parseAliasSpec = (spec: string, origin: string, fail: Fail, shape = 'NAME=SLUG'): [string, string] => {
  const eq = spec.indexOf('=');
  const name = spec.slice(0, eq).trim();
  const target = spec.slice(eq + 1).trim();
  if (eq <= 0 || name === '' || target === '') throw fail(`${origin}: expected ${shape} but got '${spec}'`);
  return [name, target];
};
