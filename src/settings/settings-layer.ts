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

export const parseSeconds = (value: string, origin: string, fail: (message: string) => Error): number => {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 86400)
    throw fail(`${origin}: invalid timeout '${value}' (seconds, more than 0 and at most 86400)`);
  return seconds;
};
