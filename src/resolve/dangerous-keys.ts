import type { FetchedValue } from './types.js';

// Variables through which whoever sets them can run code in the command (or in a tool it runs: git,
// ssh, a pager, an interpreter), or redirect or read its traffic: a secrets server must not be able
// to take over the command by serving one of them. They are refused from Infisical unless named by
// --allow-key; the environment and env files, which the operator controls, may still set them.
//
// A name is matched without regard to case: Windows and npm read variables case-insensitively, curl
// and most HTTP libraries read both `https_proxy` and `HTTPS_PROXY`, and no real secret is named
// `path` or `home`. Whole prefixes are refused only where every name under them is read by one
// program as configuration (`LD_`, `GIT_CONFIG_`...); a broad prefix such as `GIT_` would refuse
// ordinary secrets (`GIT_TOKEN`).
export interface DangerousFamily {
  readonly family: string;
  readonly exact: readonly string[];
  readonly prefixes: readonly string[];
}

// One entry per family; the comment above it says why. Grouped a family a line, not a name a line.
// prettier-ignore
export const DANGEROUS_FAMILIES: readonly DangerousFamily[] = [
  // The dynamic loader (glibc, musl, macOS dyld) loads any library these name into every program
  // started; glibc also loads code for charsets (GCONV_PATH), locale data and tunables.
  { family: 'loader', exact: ['GCONV_PATH', 'GLIBC_TUNABLES', 'LOCPATH', 'NLSPATH'], prefixes: ['LD_', 'DYLD_', 'MALLOC_'] },
  // Shells run these files, functions and prompts, or look commands up through them.
  { family: 'shell', exact: ['PATH', 'BASH_ENV', 'ENV', 'SHELLOPTS', 'BASHOPTS', 'PS4', 'PROMPT_COMMAND', 'IFS', 'CDPATH', 'ZDOTDIR', 'FPATH', 'BASH_LOADABLES_PATH'], prefixes: ['BASH_FUNC_'] },
  // The process's identity and home: tools read their configuration (and so their commands) from
  // there, as Infisical's own CLI also refuses them.
  { family: 'identity', exact: ['HOME', 'USER', 'SHELL', 'PWD', 'TMPDIR', 'XDG_CONFIG_HOME'], prefixes: [] },
  // Proxies and name resolution: a secrets server that set them would see, and could change, every
  // request the command makes (NO_PROXY takes traffic around the operator's own proxy).
  {
    family: 'proxy',
    exact: ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'FTP_PROXY', 'GRPC_PROXY', 'HOSTALIASES', 'RES_OPTIONS', 'LOCALDOMAIN'],
    prefixes: [],
  },
  // Which certificates are trusted (a server's own CA makes its interception look valid), and where
  // TLS keys are written (SSLKEYLOGFILE lets anyone who reads that file decrypt the traffic).
  {
    family: 'tls',
    exact: ['NODE_EXTRA_CA_CERTS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'CURL_CA_BUNDLE', 'REQUESTS_CA_BUNDLE', 'OPENSSL_CONF', 'PYTHONHTTPSVERIFY', 'SSLKEYLOGFILE'],
    prefixes: [],
  },
  // Node: options and preloaded modules for every node process, and npm's own settings (which
  // registry, which shell runs scripts), read from npm_config_* in any case.
  { family: 'node', exact: ['NODE_OPTIONS', 'NODE_PATH', 'NODE_REPL_EXTERNAL_MODULE'], prefixes: ['NPM_CONFIG_'] },
  // Python: module search path, start-up files, .pth files in the user site, the breakpoint hook
  // (any callable) and warning filters (import a category).
  {
    family: 'python',
    exact: ['PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONHOME', 'PYTHONINSPECT', 'PYTHONWARNINGS', 'PYTHONBREAKPOINT', 'PYTHONUSERBASE', 'PYTHONPLATLIBDIR'],
    prefixes: [],
  },
  // Ruby: options (-r preloads a file), library and gem paths, and Bundler's Gemfile (Ruby code).
  { family: 'ruby', exact: ['RUBYOPT', 'RUBYLIB', 'GEM_PATH', 'GEM_HOME', 'BUNDLE_GEMFILE'], prefixes: [] },
  // Perl: options (-M loads a module), library paths, and the debugger's code.
  { family: 'perl', exact: ['PERL5LIB', 'PERL5OPT', 'PERLLIB', 'PERL5DB'], prefixes: [] },
  // Java: options every JVM reads (-javaagent loads code), the class path, the JDK the launch
  // scripts run, and the options those scripts pass on.
  { family: 'java', exact: ['JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH', 'JAVA_HOME', 'JAVA_OPTS', 'MAVEN_OPTS', 'GRADLE_OPTS'], prefixes: [] },
  // .NET: start-up hooks and extra dependencies load assemblies into the app; a profiler (CoreCLR's,
  // or the .NET Framework's COR_*) is native code loaded into the runtime.
  {
    family: 'dotnet',
    exact: ['DOTNET_STARTUP_HOOKS', 'DOTNET_ADDITIONAL_DEPS', 'DOTNET_SHARED_STORE', 'DOTNET_ROOT', 'DOTNET_DIAGNOSTICPORTS', 'COR_ENABLE_PROFILING'],
    prefixes: ['CORECLR_', 'COR_PROFILER', 'COMPLUS_'],
  },
  // PHP: which php.ini is read, and the directory of extra .ini files (auto_prepend_file runs code).
  { family: 'php', exact: ['PHPRC', 'PHP_INI_SCAN_DIR'], prefixes: [] },
  // Lua: LUA_INIT runs code at start; the paths choose which modules load.
  { family: 'lua', exact: ['LUA_PATH', 'LUA_CPATH'], prefixes: ['LUA_INIT'] },
  // Git: configuration given through the environment (GIT_CONFIG_COUNT with GIT_CONFIG_KEY_n and
  // GIT_CONFIG_VALUE_n can set core.sshCommand or core.fsmonitor), the programs git runs for
  // credentials, transport, diffs, editing and paging, and the repository it reads hooks from.
  {
    family: 'git',
    exact: [
      'GIT_ASKPASS', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_PROXY_COMMAND', 'GIT_EXTERNAL_DIFF', 'GIT_EXEC_PATH', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR',
      'GIT_PAGER', 'GIT_TEMPLATE_DIR', 'GIT_DIR', 'GIT_SSL_NO_VERIFY', 'GIT_SSL_CAINFO',
    ],
    prefixes: ['GIT_CONFIG'],
  },
  // SSH and sudo: the program asked for a passphrase, and the agent that signs with the user's keys.
  { family: 'ssh', exact: ['SSH_ASKPASS', 'SSH_ASKPASS_REQUIRE', 'SSH_AUTH_SOCK', 'SUDO_ASKPASS'], prefixes: [] },
  // Editors, pagers and browsers other programs start: less runs LESSOPEN and LESSCLOSE as shell
  // commands, and LESS can hold commands run at start.
  {
    family: 'pager',
    exact: ['EDITOR', 'VISUAL', 'PAGER', 'MANPAGER', 'SYSTEMD_PAGER', 'LESS', 'LESSOPEN', 'LESSCLOSE', 'LESSKEY', 'LESSKEYIN', 'LESSEDIT', 'BROWSER'],
    prefixes: [],
  },
];

const EXACT: ReadonlySet<string> = new Set(DANGEROUS_FAMILIES.flatMap((f) => f.exact));
const PREFIXES: readonly string[] = DANGEROUS_FAMILIES.flatMap((f) => f.prefixes);

// The family a name belongs to, or undefined.
export const dangerousFamily = (key: string): string | undefined => {
  const name = key.toUpperCase();
  return DANGEROUS_FAMILIES.find((f) => f.exact.includes(name) || f.prefixes.some((p) => name.startsWith(p)))?.family;
};

export const isDangerousKey = (key: string): boolean => {
  const name = key.toUpperCase();
  return EXACT.has(name) || PREFIXES.some((p) => name.startsWith(p));
};

export interface Refusal {
  kept: Map<string, FetchedValue>;
  refused: { key: string; folder: string }[];
}

// Pure: drops the fetched values of dangerous keys that are not explicitly allowed (by the exact name
// Infisical serves, prefix families included: --allow-key LD_PRELOAD allows that one name, not LD_*).
// Only values that would have won are reported: an inherited PATH beats Infisical's anyway (unless
// --override).
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
