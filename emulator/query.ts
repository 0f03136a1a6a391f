// Query-string validation with the real server's outcomes: booleans are a Zod enum of the strings
// "true"/"false" (anything else is a 422 with Zod issues), unknown keys are ignored.
import type { ZodIssue } from './errors.js';
import { enumIssue } from './errors.js';

export class QueryReader {
  readonly issues: ZodIssue[] = [];

  constructor(private readonly q: URLSearchParams) {}

  str(key: string): string | undefined {
    const v = this.q.get(key);
    return v === null ? undefined : v.trim();
  }

  /** Non-empty string or undefined: the server treats `projectId=` like a missing project id. */
  nonEmpty(key: string): string | undefined {
    const v = this.str(key);
    return v === undefined || v.length === 0 ? undefined : v;
  }

  bool(key: string): boolean | undefined {
    const v = this.q.get(key);
    if (v === null) return undefined;
    if (v === 'true') return true;
    if (v === 'false') return false;
    this.issues.push(enumIssue(key, ['true', 'false'], v));
    return undefined;
  }

  oneOf(key: string, options: string[]): string | undefined {
    const v = this.q.get(key);
    if (v === null) return undefined;
    if (options.includes(v)) return v;
    this.issues.push(enumIssue(key, options, v));
    return undefined;
  }

  /** Zod's coerce.number(): a non-numeric string is a 422. */
  number(key: string): number | undefined {
    const v = this.q.get(key);
    if (v === null) return undefined;
    const n = Number(v);
    if (v.trim() === '' || Number.isNaN(n)) {
      this.issues.push({ code: 'invalid_type', expected: 'number', received: 'nan', path: [key], message: 'Expected number, received nan' });
      return undefined;
    }
    return n;
  }

  /**
   * Older servers read `include_imports`, newer ones `includeImports`; both are accepted. When both
   * are sent, the spelling that version of the route natively reads wins (v4 camel, v3 snake).
   */
  includeImports(preferSnake: boolean): boolean | undefined {
    const camel = this.bool('includeImports');
    const snake = this.bool('include_imports');
    return preferSnake ? (snake ?? camel) : (camel ?? snake);
  }
}
