// Request counters. Control endpoints (/__emulator/*) never reach this, so scripts polling stats do
// not disturb what they measure.
import type { LoginMethod, Stats, WriteKind } from './types.js';

const MAX_LOG = 10_000;

export class StatsRecorder {
  private s: Stats = StatsRecorder.empty();
  private inFlight = 0;

  private static empty(): Stats {
    return {
      total: 0,
      logins: 0,
      loginsByMethod: { 'universal-auth': 0, 'oidc-auth': 0, kubernetes: 0 },
      githubTokens: 0,
      githubAudiences: [],
      listV4: 0,
      listV3: 0,
      byPath: {},
      recursiveByPath: {},
      statuses: {},
      maxConcurrent: 0,
      connections: 0,
      openConnections: 0,
      writes: { bootstraps: 0, projects: 0, folders: 0, secrets: 0, secretUpdates: 0, identities: 0, universalAuth: 0, clientSecrets: 0, memberships: 0 },
      requests: [],
    };
  }

  /** Counts a request on arrival, so faulted, hung and dropped requests still show up. */
  begin(kind: { login?: LoginMethod; list?: 'v4' | 'v3'; secretPath?: string; recursive?: boolean }): () => void {
    this.s.total++;
    if (kind.login) {
      this.s.logins++;
      this.s.loginsByMethod[kind.login]++;
    }
    if (kind.list === 'v4') this.s.listV4++;
    if (kind.list === 'v3') this.s.listV3++;
    if (kind.list && kind.secretPath !== undefined) this.s.byPath[kind.secretPath] = (this.s.byPath[kind.secretPath] ?? 0) + 1;
    if (kind.list && kind.recursive && kind.secretPath !== undefined)
      this.s.recursiveByPath[kind.secretPath] = (this.s.recursiveByPath[kind.secretPath] ?? 0) + 1;
    this.inFlight++;
    this.s.maxConcurrent = Math.max(this.s.maxConcurrent, this.inFlight);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
    };
  }

  /** A request to the GitHub ID-token stand-in, which is not an Infisical request (not in `total`). */
  githubToken(audience: string): void {
    this.s.githubTokens++;
    this.s.githubAudiences.push(audience);
  }

  write(kind: WriteKind): void {
    this.s.writes[kind]++;
  }

  /** One line of the request log: method, route name and status only. */
  request(method: string, name: string, status: number | string): void {
    if (this.s.requests.length >= MAX_LOG) this.s.requests.shift();
    this.s.requests.push(`${method} ${name} ${status}`);
  }

  connection(): void {
    this.s.connections++;
  }

  status(code: number): void {
    const k = String(code);
    this.s.statuses[k] = (this.s.statuses[k] ?? 0) + 1;
  }

  snapshot(): Stats {
    return structuredClone(this.s);
  }

  /** Requests still in flight keep counting towards maxConcurrent after a reset. */
  reset(): void {
    this.s = StatsRecorder.empty();
    this.s.maxConcurrent = this.inFlight;
  }
}
