import { usageError } from '../errors.js';
import { OPTION_LIST, type AnyOption } from '../settings/options.js';

// `secrets-run completion bash|zsh|fish`: a completion script made from the option table, so it
// offers exactly the options the parser takes. After `--`, or after the command's first word, the
// shell's own completion (files, commands) takes over: those words are the command's.

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
const WORDS = ['plan', 'export', 'seed', 'provision', 'help', 'version', 'cache', 'completion'];

const rows = (): AnyOption[] => OPTION_LIST.map(([, row]) => row as AnyOption);
const flagWords = (): string[] => rows().flatMap((row) => [`--${row.flag}`, ...(row.short ? [`-${row.short}`] : [])]);

const bash = (): string => `# secrets-run completion for bash: eval "$(secrets-run completion bash)"
_secrets_run() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    # After -- (or the command's name) the words are the command's: the default completion.
    [[ "\${COMP_WORDS[i]}" == "--" ]] && return 0
  done
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "${flagWords().join(' ')}" -- "$cur"))
  elif [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${WORDS.join(' ')}" -- "$cur") $(compgen -c -- "$cur"))
  fi
  return 0
}
complete -o default -o bashdefault -F _secrets_run secrets-run
`;

// zsh reads the bash script through its bash compatibility layer.
const zsh = (): string => `#compdef secrets-run
# secrets-run completion for zsh: eval "$(secrets-run completion zsh)"
autoload -U +X bashcompinit && bashcompinit
${bash().split('\n').slice(1).join('\n')}`;

const quoted = (text: string): string => `'${text.replace(/'/g, "\\\\'")}'`;
const firstClause = (help: string): string =>
  help
    .split(/; | \(|: /, 1)[0]!
    .trim()
    .slice(0, 80);

const fish = (): string => {
  const lines = [
    '# secrets-run completion for fish: secrets-run completion fish | source',
    `complete -c secrets-run -n __fish_use_subcommand -f -a ${quoted(WORDS.join(' '))}`,
  ];
  for (const row of rows()) {
    const parts = ['complete -c secrets-run', `-l ${row.flag}`];
    if (row.short) parts.push(`-s ${row.short}`);
    if (row.value !== undefined && row.optionalValue !== true) parts.push('-r');
    parts.push(`-d ${quoted(firstClause(row.help))}`);
    lines.push(parts.join(' '));
  }
  return lines.join('\n') + '\n';
};

export const completionScript = (shell: string): string => {
  if (shell === 'bash') return bash();
  if (shell === 'zsh') return zsh();
  if (shell === 'fish') return fish();
  throw usageError(`completion: unknown shell '${shell}'`, `one of ${COMPLETION_SHELLS.join(', ')}`);
};
