// JSON body validation with the real server's outcomes: a Zod object schema whose failures are a 422
// (401 on the older server, legacy.ts) with the issues array as `message`; unknown keys are ignored.
import type { Ctx } from './http.js';
import { readJsonBody } from './http.js';
import type { ZodIssue } from './errors.js';
import { requiredIssue, typeIssue, validationFailure } from './errors.js';

export class BodyReader {
  readonly issues: ZodIssue[] = [];

  private constructor(private readonly body: Record<string, unknown>) {}

  /** A body whose fields are all optional: no body at all reads as `{}`. */
  static async optional(ctx: Ctx): Promise<BodyReader> {
    return BodyReader.read(ctx, true);
  }

  static async read(ctx: Ctx, mayBeAbsent = false): Promise<BodyReader> {
    const raw = await readJsonBody(ctx);
    if (raw === undefined && mayBeAbsent) return new BodyReader({});
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      const received = raw === undefined ? 'undefined' : raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw;
      throw validationFailure(ctx.reqId, [
        { code: 'invalid_type', expected: 'object', received, path: [], message: raw === undefined ? 'Required' : `Expected object, received ${received}` },
      ]);
    }
    return new BodyReader(raw as Record<string, unknown>);
  }

  /** A trimmed string; `undefined` when absent (a required one adds a "Required" issue). */
  str(key: string, required = false): string | undefined {
    const v = this.body[key];
    if (v === undefined || v === null) {
      if (required) this.issues.push(requiredIssue(key));
      return undefined;
    }
    if (typeof v !== 'string') {
      this.issues.push(typeIssue(key, 'string', v));
      return undefined;
    }
    return v.trim();
  }

  /** A string as sent, untrimmed: secret values and passwords have their own rules. */
  raw(key: string): string | undefined {
    const v = this.body[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.issues.push(typeIssue(key, 'string', v));
      return undefined;
    }
    return v;
  }

  num(key: string, min = 0): number | undefined {
    const v = this.body[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      this.issues.push({ code: 'invalid_type', expected: 'number', received: typeof v, path: [key], message: `Expected number >= ${min}` });
      return undefined;
    }
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.body[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.issues.push(typeIssue(key, 'boolean', v));
      return undefined;
    }
    return v;
  }

  array(key: string): unknown[] | undefined {
    const v = this.body[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      this.issues.push(typeIssue(key, 'array', v));
      return undefined;
    }
    return v;
  }

  object(key: string): Record<string, unknown> | undefined {
    const v = this.body[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.issues.push(typeIssue(key, 'object', v));
      return undefined;
    }
    return v as Record<string, unknown>;
  }

  /** Throws the 422 when any read above failed. */
  done(ctx: Ctx): void {
    if (this.issues.length > 0) throw validationFailure(ctx.reqId, this.issues);
  }
}
