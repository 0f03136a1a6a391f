import { MIN_MASK_LENGTH, maskPatterns } from './masker.js';

export interface MaskPlan {
  patterns: Buffer[];
  masked: string[]; // the names whose values are masked
  tooShort: string[]; // injected, but too short to mask without garbling ordinary output
  github: string; // --mask=github: the ::add-mask:: lines, written before the command starts
}

// GitHub's workflow-command escaping of a command's data.
const escapeData = (text: string): string => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');

// Pure: what --mask hides, from the command's environment and the one secrets-run inherited. Every
// value secrets-run put there or changed (Infisical's, the offline cache's, the env files', the
// bootstrap variables') is masked; one inherited unchanged is the caller's own and is left alone.
export const planMask = (
  childEnv: Readonly<Record<string, string>>,
  inherited: Readonly<Record<string, string | undefined>>,
  github: boolean, // --mask=github
  minLength = MIN_MASK_LENGTH,
): MaskPlan => {
  const masked: string[] = [];
  const tooShort: string[] = [];
  const values: string[] = [];
  for (const [name, value] of Object.entries(childEnv)) {
    if (inherited[name] === value || value === '') continue;
    const long = value.split(/\r?\n/).some((line) => [...line].length >= minLength);
    (long ? masked : tooShort).push(name);
    if (long) values.push(value);
  }
  const lines = github ? values.flatMap((v) => v.split(/\r?\n/)).filter((line) => [...line].length >= minLength) : [];
  return {
    patterns: maskPatterns(values, minLength),
    masked: masked.sort(),
    tooShort: tooShort.sort(),
    github: [...new Set(lines)].map((line) => `::add-mask::${escapeData(line)}\n`).join(''),
  };
};

// --watch: a restarted command is planned again from its new environment. What was masked before
// stays masked (an old value can still be printed: from a file, a log it reads back), and under
// --mask=github only lines not registered yet are registered again.
export const maskPlanner = (inherited: Readonly<Record<string, string | undefined>>, github: boolean, minLength = MIN_MASK_LENGTH) => {
  const patterns = new Map<string, Buffer>();
  const registered = new Set<string>();
  return (childEnv: Readonly<Record<string, string>>): MaskPlan => {
    const plan = planMask(childEnv, inherited, github, minLength);
    for (const pattern of plan.patterns) patterns.set(pattern.toString('latin1'), pattern);
    const fresh = plan.github.split(/(?<=\n)/).filter((line) => line !== '' && !registered.has(line));
    fresh.forEach((line) => registered.add(line));
    return { ...plan, patterns: [...patterns.values()], github: fresh.join('') };
  };
};
