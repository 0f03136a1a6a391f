import { readFileSync } from 'node:fs';

// Fields after the parenthesised command name of /proc/<pid>/stat: state ppid pgrp session tty_nr tpgid ...
const statFields = (pid: number | 'self'): string[] => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
};

// Whether a SIGINT or SIGQUIT the wrapper just received from the keyboard also reached its child.
// A terminal sends them to its whole foreground process group: when the wrapper is in that group
// and so is the child (which it is unless it moved itself, e.g. `setsid` or a job-control shell),
// the child already has its own copy and forwarding would deliver it twice. Read at signal time,
// since job control can move either group.
export const isTerminalForeground = (childPid?: number): boolean => {
  let fields: string[];
  try {
    fields = statFields('self');
  } catch {
    // No /proc (macOS, BSD): assume a terminal is driving us when one is attached. node:tty is
    // required here, not at the top: on Linux the launcher never needs it.
    const { isatty } = require('node:tty') as typeof import('node:tty');
    return isatty(0) || isatty(1) || isatty(2);
  }
  const pgrp = Number(fields[2]);
  const tpgid = Number(fields[5]);
  if (!(tpgid > 0 && tpgid === pgrp)) return false;
  if (childPid === undefined) return true;
  try {
    // A child in another process group did not get the terminal's signal: it needs ours.
    return Number(statFields(childPid)[2]) === pgrp;
  } catch {
    return true; // the child is gone (its exit is on its way) or unreadable: keep the default
  }
};
