import yargs from 'yargs';
import { OPTIONS } from '../settings/options.js';

const EXAMPLES: [string, string][] = [
  ['ENTRYPOINT ["secrets-run", "--"]\nCMD ["node", "server.js"]', 'Dockerfile: runs as PID 1, forwards docker stop, exits with the app\'s status'],
  ['"start": "exec secrets-run --service api -- node server.js"', 'package.json script: Ctrl-C and kill -TERM through npm stop the app once'],
  ['secrets-run --env-file .env.local -- npm run dev', 'shell: a .env loader when no INFISICAL_ADDR is set'],
  ['secrets-run plan --format json --offline', 'show which keys the contracts need and where they would come from'],
];

// --help, rendered by yargs from the same option table the parser uses.
export const renderHelp = async (version: string, width: number): Promise<string> => {
  const y = yargs([])
    .scriptName('secrets-run')
    .usage(
      'Usage:\n  secrets-run [options] -- CMD [ARGS...]\n  secrets-run [options] --command "STRING"\n  secrets-run plan [options] [--format table|json] [--offline]\n\n' +
        'Fetches the secrets your contract files need from Infisical (INFISICAL_ADDR, INFISICAL_CLIENT_ID,\n' +
        'INFISICAL_CLIENT_SECRET, INFISICAL_PROJECT_ID from the environment or .env), adds them to CMD\'s\n' +
        'environment (variables already set win), runs CMD, forwards signals and exits with its status.\n' +
        'Without INFISICAL_ADDR it only loads the env files, like dotenv-cli.',
    )
    .version(version)
    .help(false)
    .wrap(Math.min(Math.max(width, 80), 120));
  for (const o of OPTIONS) {
    if (o.name === 'version') continue; // yargs owns --version
    const env = o.env ? ` [env ${o.env}]` : '';
    y.option(o.name, {
      type: o.type === 'array' ? 'array' : o.type,
      alias: o.short,
      describe: (o.value ? `${o.value}: ` : '') + o.describe + env,
      group: o.group === 'plan' ? 'plan options:' : `${o.group}:`,
    });
  }
  y.alias('version', 'V').describe('version', 'show the version');
  for (const [command, description] of EXAMPLES) y.example(command, description);
  y.epilogue(
    'Exit status: the command\'s own; 128+N if it died of signal N; 127 command not found; 126 not executable; ' +
      '125 secrets-run itself failed before starting it.\nSettings: flag > SECRETS_RUN_* variable > .secrets-run.yaml > default.',
  );
  return y.getHelp();
};
