import { createProject, listProjects } from '../../infisical/routes/admin/projects.js';
import { conflict, KEPT, PROJECT_ID, type ProvisionContext } from '../context.js';
import { foundOne } from '../steps.js';

const DEFAULT_ENVIRONMENTS = ['dev', 'staging', 'prod'];

// 2. The project, found by name or slug before it is made. The env file's INFISICAL_PROJECT_ID must
// be that project (or be empty): anything else is a conflict unless --force.
export const projectStep = async (run: ProvisionContext): Promise<void> => {
  const { options, envVars, admin } = run;
  run.begin('project', options.project, admin);
  if (run.provisioned) {
    run.project = { id: envVars[PROJECT_ID]!, environments: [] };
    return run.done('project', options.project, 'exists', KEPT);
  }
  if (admin === undefined) return run.done('project', options.project, 'would-create');
  const envProject = envVars[PROJECT_ID] ?? '';
  const named = (await listProjects(admin)).filter((p) => p.name === options.project || p.slug === options.project);
  const found = foundOne(named.length > 1 && named.some((p) => p.id === envProject) ? named.filter((p) => p.id === envProject) : named);
  if (found.kind === 'many') throw conflict(`${found.items.length} projects are named ${options.project}`, 'pass --project with the slug of the one to use');
  if (found.kind === 'one') {
    run.project = found.item;
    run.done('project', options.project, 'exists');
  } else if (envProject !== '' && !options.force) {
    throw conflict(
      `${options.envFile}'s INFISICAL_PROJECT_ID is not the project ${options.project}, which does not exist`,
      'pass --project with its name, or --force',
    );
  } else if (options.dryRun) {
    run.done('project', options.project, 'would-create');
  } else {
    run.project = await createProject(admin, options.project);
    run.done('project', options.project, 'created');
  }
  if (run.project !== undefined && envProject !== '' && envProject !== run.project.id && !options.force)
    throw conflict(
      `${options.envFile}'s INFISICAL_PROJECT_ID is another project than ${options.project}`,
      'pass --project with its name, or --force to replace it',
    );
  const environments = run.project?.environments ?? DEFAULT_ENVIRONMENTS;
  const unknown = options.environments.filter((env) => !environments.includes(env));
  if (unknown.length > 0)
    throw conflict(
      `the project ${options.project} has no environment ${unknown.join(', ')} (it has ${environments.join(', ')})`,
      'create it in Infisical, or pass --environments',
    );
};
