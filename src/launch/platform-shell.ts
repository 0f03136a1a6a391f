// How --command runs: the platform's shell, as Node's own `shell: true` would start it, spelled out so
// that the spawn, the size check of the argv (exec-limit.ts) and the lookup ahead (resolve-command.ts)
// agree on one argv, and so that each platform's rule is tested on any machine.
export interface ShellInvocation {
  file: string;
  args: string[];
  // cmd.exe parses its own command line: the quoted command must reach it exactly as written.
  windowsVerbatimArguments?: true;
}

// POSIX: /bin/sh -c. Windows: %ComSpec% (cmd.exe unless set) with /d (no AutoRun commands from the
// registry), /s (strip exactly the outer quotes, keep the rest) and /c; the command in one pair of
// quotes, as Node quotes it, so `a && b` and `"x y"` mean what they mean at a cmd.exe prompt.
// ComSpec is read from secrets-run's own environment, as Node reads it, not the command's; one that
// names another shell gets `-c`, as Node gives it.
export const shellInvocation = (command: string, platform: NodeJS.Platform = process.platform, comspec = process.env['ComSpec']): ShellInvocation => {
  if (platform !== 'win32') return { file: '/bin/sh', args: ['-c', command] };
  const file = comspec || 'cmd.exe';
  return /^(?:.*\\)?cmd(?:\.exe)?$/i.test(file)
    ? { file, args: ['/d', '/s', '/c', `"${command}"`], windowsVerbatimArguments: true }
    : { file, args: ['-c', command] };
};
