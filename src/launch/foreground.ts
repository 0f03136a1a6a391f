import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';

// Whether this process is in the foreground process group of its controlling terminal. A SIGINT or
// SIGQUIT from the keyboard then went to the whole group, the child included, so forwarding it would
// deliver it twice. Read at signal time, since job control can move the group.
export const isTerminalForeground = (): boolean => {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    // Fields after the parenthesised command name: state ppid pgrp session tty_nr tpgid ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(fields[2]);
    const tpgid = Number(fields[5]);
    return tpgid > 0 && tpgid === pgrp;
  } catch {
    // No /proc (macOS, BSD): assume a terminal is driving us when one is attached.
    return isatty(0) || isatty(1) || isatty(2);
  }
};
