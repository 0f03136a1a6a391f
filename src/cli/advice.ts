import type { ErrorCode } from '../errors.js';

// What to do, for an error (or a lenient run's Infisical warning) whose message has no advice of its
// own: the "what to do" of docs/errors.md, short, as the hint line under it. An error that knows
// better (did you mean, E2BIG's limits) carries its own hint instead. PROVISION_CONFLICT and
// FILE_WRITE_FAILED say their fix in the message; SPAWN_FAILED names a system code to act on.
export const ADVICE: Partial<Record<ErrorCode, string>> = {
  USAGE: "'secrets-run help' lists the commands and their options",
  CONFIG_INVALID: 'fix the setting named (docs/configuration.md lists each one)',
  ENV_FILE_UNREADABLE: 'check the path and its permissions, or pass --no-env-file',
  STRICT_FAILED: 'fix the problems listed, or leave out --require to go on without them',
  INFISICAL_CONFIG: 'set the variables named (docs/configuration.md, Bootstrap variables), or unset INFISICAL_ADDR to use only env files',
  INFISICAL_AUTH_REFUSED: 'check INFISICAL_CLIENT_ID and INFISICAL_CLIENT_SECRET (or the JWT); after rotating them, run secrets-run cache clear',
  INFISICAL_FORBIDDEN: "give the machine identity access to the project, and its role access to the environment and the folder's path",
  INFISICAL_UNREACHABLE: 'check INFISICAL_ADDR and that the server is up and reachable from here',
  INFISICAL_TIMEOUT: 'raise --timeout (default 10 s), or find why the server is slow',
  INFISICAL_RATE_LIMITED: 'keep the token cache on (the default), raise --timeout, or stagger the launches',
  INFISICAL_BAD_RESPONSE: "check that INFISICAL_ADDR is Infisical's address, not a proxy's or another service's",
  INFISICAL_HTTP: "check INFISICAL_ADDR and the server's version; the server's own words are above",
  COMMAND_NOT_FOUND: 'check its spelling, and that it is on PATH or given as a path',
  COMMAND_NOT_EXECUTABLE: 'name an executable file; a script needs the execute bit (chmod +x)',
};
