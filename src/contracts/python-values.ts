// The upstream extractor is Python; these mirror the Python semantics it relies on.

import { isMapping } from '../util/is-mapping.js';

// bool(value): None, False, 0, "", [] and {} are false.
export const pyTruthy = (value: unknown): boolean => {
  if (value === null || value === undefined || value === false) return false;
  if (typeof value === 'number') return value !== 0; // NaN is true in Python too
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Set || value instanceof Map) return value.size > 0;
  if (isMapping(value)) return Object.keys(value).length > 0;
  return true;
};

// str(value) for the scalars a YAML file can hold.
export const pyStr = (value: unknown): string => {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

export const pyTypeName = (value: unknown): string => {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (value instanceof Date) return 'datetime';
  if (value instanceof Set) return 'set';
  return typeof value;
};
