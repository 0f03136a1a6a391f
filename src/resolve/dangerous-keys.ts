import type { FetchedValue } from './types.js';

// Variables through which whoever sets them can run code in, or redirect, the process: a secrets
// server must not be able to take over the command by serving one of them. They are refused from
// Infisical unless named by --allow-key; the environment and env files, which the operator controls,
// may still set them.
// Grouped by what they are, a group a line (not one name a line).
// prettier-ignore
const EXACT: ReadonlySet<string> = new Set([
  // dynamic loader and interpreters' own code loading
  'NODE_OPTIONS', 'NODE_PATH', 'NODE_EXTRA_CA_CERTS', 'NODE_TLS_REJECT_UNAUTHORIZED',
  'PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONHOME', 'PYTHONINSPECT', 'PYTHONWARNINGS',
  'PERL5LIB', 'PERL5OPT', 'PERLLIB', 'RUBYOPT', 'RUBYLIB', 'GEM_PATH', 'GEM_HOME',
  'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH',
  'GCONV_PATH', 'OPENSSL_CONF', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'CURL_CA_BUNDLE', 'REQUESTS_CA_BUNDLE',
  // shells
  'PATH', 'BASH_ENV', 'ENV', 'SHELLOPTS', 'BASHOPTS', 'PS4', 'PROMPT_COMMAND', 'IFS', 'CDPATH', 'ZDOTDIR',
  // the process's identity and home, as Infisical's own CLI also refuses them
  'HOME', 'USER', 'SHELL', 'PWD', 'TMPDIR', 'EDITOR', 'VISUAL', 'PAGER', 'GIT_SSH_COMMAND', 'GIT_EXEC_PATH',
]);
const PREFIXES: readonly string[] = ['LD_', 'DYLD_', 'BASH_FUNC_', 'MALLOC_'];

export const isDangerousKey = (key: string): boolean => EXACT.has(key) || PREFIXES.some((p) => key.startsWith(p));

export interface Refusal {
  kept: Map<string, FetchedValue>;
  refused: { key: string; folder: string }[];
}

// Pure: drops the fetched values of dangerous keys that are not explicitly allowed. Only values that
// would have won are reported: an inherited PATH beats Infisical's anyway (unless --override).
export const refuseDangerousKeys = (fetched: ReadonlyMap<string, FetchedValue>, allowKeys: readonly string[], wouldWin: (key: string) => boolean): Refusal => {
  const allowed = new Set(allowKeys);
  const kept = new Map<string, FetchedValue>();
  const refused: Refusal['refused'] = [];
  for (const [key, value] of fetched) {
    if (!isDangerousKey(key) || allowed.has(key)) kept.set(key, value);
    else if (wouldWin(key)) refused.push({ key, folder: value.folder });
  }
  return { kept, refused };
};
