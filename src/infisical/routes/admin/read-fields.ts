import type { InfisicalClient } from '../../client.js';
import { field, type CallReply } from '../call-reply.js';

// Readers of the admin replies' JSON: what is picked must be there with the right type, or the reply
// is malformed (named by what was missing), never read as "absent".

export type Row = Record<string, unknown>;

export const record = (value: unknown): Row | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Row) : undefined);

export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

// A path of fields into the body: at(d, 'identity', 'credentials', 'token').
export const at = (value: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, key) => record(v)?.[key], value);

// `pick(data)` must be an array; rows that are not objects are dropped.
export const rowsOf = (client: InfisicalClient, reply: CallReply, phase: 'read' | 'write', pick: (data: unknown) => unknown, what: string): Row[] =>
  field(
    reply,
    client.context,
    phase,
    (d) => {
      const rows = pick(d);
      return Array.isArray(rows) ? rows.flatMap((r: unknown) => (record(r) === undefined ? [] : [r as Row])) : undefined;
    },
    what,
  );

export const pickOf = <T>(client: InfisicalClient, reply: CallReply, phase: 'read' | 'write', pick: (data: unknown) => T | undefined, what: string): T =>
  field(reply, client.context, phase, pick, what);
