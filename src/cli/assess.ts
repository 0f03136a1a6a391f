import type { Prepared } from './prepare.js';

export interface Assessment {
  contractProblems: string[];
  fetchFailures: string[];
  missingRequired: string[];
  missingOptional: string[];
}

const describeProblem = (p: { file: string; line?: number; message: string }): string =>
  `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`;

// What went wrong or stayed unresolved, as lines; strict mode refuses to start on any of it.
export const assess = (prepared: Prepared): Assessment => {
  const missingRequired: string[] = [];
  const missingOptional: string[] = [];
  prepared.merge.keys.forEach((entry, index) => {
    if (entry.resolution !== 'missing') return;
    (prepared.plan[index]!.required ? missingRequired : missingOptional).push(entry.key);
  });
  return {
    contractProblems: (prepared.scan?.problems ?? []).map(describeProblem),
    fetchFailures: (prepared.fetch?.failures ?? []).map((f) => f.message),
    missingRequired,
    missingOptional,
  };
};

export const strictProblems = (a: Assessment, prepared: Prepared): string[] => [
  ...a.contractProblems,
  ...a.fetchFailures.map((m) => `Infisical: ${m}`),
  ...a.missingRequired.map((key) => {
    const entry = prepared.plan.find((k) => k.key === key)!;
    return `${key} is in no source (${entry.transport}; looked in the environment, ${prepared.fetch ? entry.folders.join(', ') + ', ' : ''}env files)`;
  }),
];
