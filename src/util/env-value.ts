// A variable of a process's environment is a C string: a value holding a NUL character cannot be
// passed to any command (spawn refuses the whole environment).
export const isCarriable = (value: string): boolean => !value.includes('\0');
