import { describe, expect, it } from 'vitest';
import { DANGEROUS_FAMILIES, dangerousFamily, isDangerousKey, refuseDangerousKeys } from '../../../src/resolve/dangerous-keys.js';

// Per family, names that must be refused (prefix families by a name under the prefix), written out
// here rather than read from the list, so a name dropped from it fails its family's test.
const EXPECTED: Record<string, string[]> = {
  loader: ['LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'DYLD_INSERT_LIBRARIES', 'GCONV_PATH', 'GLIBC_TUNABLES', 'MALLOC_CHECK_'],
  shell: ['PATH', 'BASH_ENV', 'ENV', 'PROMPT_COMMAND', 'PS4', 'BASH_FUNC_x%%', 'ZDOTDIR', 'FPATH'],
  identity: ['HOME', 'USER', 'SHELL', 'TMPDIR', 'XDG_CONFIG_HOME'],
  proxy: ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'all_proxy', 'no_proxy', 'ftp_proxy', 'grpc_proxy', 'HOSTALIASES'],
  tls: ['NODE_EXTRA_CA_CERTS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'OPENSSL_CONF', 'SSLKEYLOGFILE'],
  node: ['NODE_OPTIONS', 'NODE_PATH', 'NODE_REPL_EXTERNAL_MODULE', 'npm_config_registry', 'NPM_CONFIG_SCRIPT_SHELL'],
  python: ['PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONHOME', 'PYTHONBREAKPOINT', 'PYTHONUSERBASE', 'PYTHONWARNINGS'],
  ruby: ['RUBYOPT', 'RUBYLIB', 'GEM_PATH', 'BUNDLE_GEMFILE'],
  perl: ['PERL5LIB', 'PERL5OPT', 'PERLLIB', 'PERL5DB'],
  java: ['JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH', 'JAVA_OPTS'],
  dotnet: [
    'DOTNET_STARTUP_HOOKS',
    'DOTNET_ADDITIONAL_DEPS',
    'CORECLR_ENABLE_PROFILING',
    'CORECLR_PROFILER_PATH',
    'COR_PROFILER',
    'COR_PROFILER_PATH_64',
    'COR_ENABLE_PROFILING',
    'COMPlus_EnableDiagnostics',
  ],
  php: ['PHPRC', 'PHP_INI_SCAN_DIR'],
  lua: ['LUA_INIT', 'LUA_INIT_5_4', 'LUA_PATH', 'LUA_CPATH'],
  git: [
    'GIT_CONFIG_COUNT',
    'GIT_CONFIG_KEY_0',
    'GIT_CONFIG_VALUE_0',
    'GIT_CONFIG_PARAMETERS',
    'GIT_CONFIG_GLOBAL',
    'GIT_ASKPASS',
    'GIT_SSH',
    'GIT_SSH_COMMAND',
    'GIT_PROXY_COMMAND',
    'GIT_EXTERNAL_DIFF',
    'GIT_EXEC_PATH',
    'GIT_DIR',
  ],
  ssh: ['SSH_ASKPASS', 'SSH_ASKPASS_REQUIRE', 'SSH_AUTH_SOCK', 'SUDO_ASKPASS'],
  pager: ['LESSOPEN', 'LESSCLOSE', 'LESS', 'PAGER', 'MANPAGER', 'EDITOR', 'VISUAL', 'BROWSER'],
};

describe('keys that can take over a process', () => {
  it('has a test for every family, and a family for every test', () => {
    expect(DANGEROUS_FAMILIES.map((f) => f.family).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(Object.entries(EXPECTED))('family %s', (family, names) => {
    it.each(names)(`%s is refused, as ${family}`, (key) => {
      expect(isDangerousKey(key)).toBe(true);
      expect(dangerousFamily(key)).toBe(family);
    });
  });

  it('matches a name in any case (Windows and npm read them so; curl reads both cases of a proxy)', () => {
    for (const key of ['Path', 'node_options', 'Https_Proxy', 'ld_preload']) expect(isDangerousKey(key)).toBe(true);
  });

  it.each([
    'POSTGRES_HOST',
    'OPENAI_API_KEY',
    'PATHS',
    'MY_PATH',
    'NODE_ENV',
    'LOAD_PRELOAD',
    'HOMEPAGE_URL',
    'GIT_TOKEN',
    'LESSONS',
    'PROXY_URL',
    'COR',
    'GITHUB_TOKEN',
  ])('%s is not', (key) => expect(isDangerousKey(key)).toBe(false));

  it('refuses them from Infisical unless allowed by name', () => {
    const fetched = new Map([
      ['NODE_OPTIONS', { value: '--require /tmp/evil.js', folder: '/shared/env/' }],
      ['LD_PRELOAD', { value: '/tmp/evil.so', folder: '/shared/env/' }],
      ['POSTGRES_HOST', { value: 'db', folder: '/shared/db/' }],
    ]);
    const { kept, refused } = refuseDangerousKeys(fetched, ['LD_PRELOAD'], () => true);
    expect([...kept.keys()]).toEqual(['LD_PRELOAD', 'POSTGRES_HOST']);
    expect(refused).toEqual([{ key: 'NODE_OPTIONS', folder: '/shared/env/' }]);
  });

  it('allows one name of a prefix family by its exact name only, never the whole prefix', () => {
    const at = (key: string): [string, { value: string; folder: string }] => [key, { value: 'v', folder: '/shared/env/' }];
    const fetched = new Map([at('GIT_CONFIG_COUNT'), at('GIT_CONFIG_KEY_0'), at('GIT_CONFIG_VALUE_0'), at('LD_AUDIT')]);
    const { kept, refused } = refuseDangerousKeys(fetched, ['GIT_CONFIG_COUNT', 'GIT_CONFIG_'], () => true);
    expect([...kept.keys()]).toEqual(['GIT_CONFIG_COUNT']);
    expect(refused.map((r) => r.key)).toEqual(['GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0', 'LD_AUDIT']);
  });

  it('drops, but does not report, a value that would have lost anyway', () => {
    const fetched = new Map([['PATH', { value: '/evil', folder: '/shared/env/' }]]);
    expect(refuseDangerousKeys(fetched, [], () => false)).toEqual({ kept: new Map(), refused: [] });
  });
});
