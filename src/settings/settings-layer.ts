// The checks a value of a settings layer goes through, whichever source it came from.
export type { SettingsLayer } from './options.js';

const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const checkSlug = (value: string, what: string, origin: string, fail: (message: string) => Error): string => {
  // A long value or one with line breaks is not shown: from a .env file with a quote left open it
  // would carry the lines after it, secrets included.
  const shown =
    value.length <= 64 && !/[\u0000-\u001f\u007f]/.test(value)
      ? ` '${value}'`
      : ` (not shown: ${value.length > 64 ? 'over 64 characters' : 'it has a line break or control character'})`;
  if (!SLUG.test(value)) throw fail(`${origin}: invalid ${what}${shown} (letters, digits, '.', '_', '-')`);
  return value;
};

const UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

// Seconds as a number (`2.5`), or a duration as people write one (`5s`, `1m`, `1m30s`, `500ms`).
export const parseSeconds = (value: string, origin: string, fail: (message: string) => Error): number => {
  const text = value.trim().toLowerCase();
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const seconds = /^\d+(\.\d+)?$/.test(text)
    ? Number(text)
    : parts.length > 0 && parts.map((p) => p[0]).join('') === text
      ? parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNITS[unit!]!, 0)
      : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86400)
    throw fail(`${origin}: invalid duration '${value}' (seconds, or a duration such as 5s, 1m or 1m30s; more than 0 and at most 24h)`);
  return seconds;
};
