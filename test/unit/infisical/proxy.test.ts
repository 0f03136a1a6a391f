import { describe, expect, it } from 'vitest';
import { proxyFor, proxyFromEnv } from '../../../src/infisical/transport/proxy.js';

const chosen = (base: string, env: Record<string, string>): string | undefined => {
  const result = proxyFor(new URL(base), proxyFromEnv(env));
  return result === undefined ? undefined : 'url' in result ? result.url.href : result.problem;
};

describe('which proxy a request goes through', () => {
  it('https uses HTTPS_PROXY, else HTTP_PROXY; http uses HTTP_PROXY only, as curl does', () => {
    expect(chosen('https://infisical.example', { HTTPS_PROXY: 'http://s:3128', HTTP_PROXY: 'http://p:3128' })).toBe('http://s:3128/');
    expect(chosen('https://infisical.example', { HTTP_PROXY: 'http://p:3128' })).toBe('http://p:3128/');
    expect(chosen('http://infisical.example', { HTTPS_PROXY: 'http://s:3128' })).toBeUndefined();
    expect(chosen('http://infisical.example', { http_proxy: 'proxy.corp:8080' })).toBe('http://proxy.corp:8080/');
  });

  it('NO_PROXY: *, names with or without a leading dot (and their subdomains), addresses, ports', () => {
    const env = (noProxy: string) => ({ HTTPS_PROXY: 'http://s:3128', NO_PROXY: noProxy });
    expect(chosen('https://infisical.example', env('*'))).toBeUndefined();
    expect(chosen('https://api.infisical.example', env('infisical.example'))).toBeUndefined();
    expect(chosen('https://api.infisical.example', env('.infisical.example'))).toBeUndefined();
    expect(chosen('https://notinfisical.example', env('infisical.example'))).toBe('http://s:3128/');
    expect(chosen('https://10.0.0.5:8443', env('10.0.0.5:8443'))).toBeUndefined();
    expect(chosen('https://10.0.0.5:8443', env('10.0.0.5:443'))).toBe('http://s:3128/');
    expect(chosen('https://[::1]:8443', env('::1'))).toBeUndefined();
    expect(chosen('https://infisical.example', env(''))).toBe('http://s:3128/');
  });

  it('a value that is no http(s) URL is named, not shown', () => {
    expect(chosen('https://x.example', { HTTPS_PROXY: 'socks5://user:secret@p:1080' })).toBe('HTTPS_PROXY is not an http(s) URL');
    expect(proxyFromEnv({ HTTPS_PROXY: ' ' })).toBeUndefined();
  });
});
