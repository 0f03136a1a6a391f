// A variable of a process's environment is a C string "NAME=value" that the kernel copies into the new
// program: a value holding a NUL character cannot be passed to any command (spawn refuses the whole
// environment), and Linux refuses the exec (E2BIG) when one string is longer than MAX_ARG_STRLEN,
// 32 pages = 131072 bytes counting its terminating NUL. That limit is applied on every platform, so a
// run on a laptop leaves out what the Linux container it is deployed to would refuse.
export const MAX_VARIABLE_BYTES = 131072;

// Why a value cannot be carried: a NUL character, or "NAME=value" too long (`bytes` with its NUL).
export type Uncarriable = { reason: 'nul' } | { reason: 'too-long'; bytes: number };

// The bytes "NAME=value" takes in the new program, its NUL included.
export const variableBytes = (name: string, value: string): number => Buffer.byteLength(name) + Buffer.byteLength(value) + 2;

export const uncarriable = (name: string, value: string): Uncarriable | undefined => {
  if (value.includes('\0')) return { reason: 'nul' };
  // At most three UTF-8 bytes a UTF-16 unit: a short value needs no count.
  if ((name.length + value.length) * 3 + 2 <= MAX_VARIABLE_BYTES) return undefined;
  const bytes = variableBytes(name, value);
  return bytes > MAX_VARIABLE_BYTES ? { reason: 'too-long', bytes } : undefined;
};

export const isCarriable = (name: string, value: string): boolean => uncarriable(name, value) === undefined;

// The kernel counts one pointer per string of argv and envp against the same limit as the strings
// (fs/exec.c, bprm_stack_limits); 8 bytes on a 64-bit system, and too many on a 32-bit one.
export const POINTER_BYTES = 8;

// A variable of an inherited environment, read as an own property only: process.env answers
// `__proto__` or `constructor` from its prototype (an object, a function) when no such variable is
// set, which would count as set.
export const ownValue = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
