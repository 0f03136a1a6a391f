// A variable of a process's environment is a C string: a value holding a NUL character cannot be
// passed to any command (spawn refuses the whole environment).
export const isCarriable = (value: string): boolean => !value.includes('\0');

// A variable of an inherited environment, read as an own property only: process.env answers
// `__proto__` or `constructor` from its prototype (an object, a function) when no such variable is
// set, which would count as set.
export const ownValue = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
