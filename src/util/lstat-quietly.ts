import { lstatSync, type Stats } from 'node:fs';

// What lstat says of a path, or undefined when there is nothing there or nothing this user may see:
// a working directory it cannot search (a root-owned WORKDIR under another USER) hides what is in it.
export const lstatQuietly = (path: string): Stats | undefined => {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
};
