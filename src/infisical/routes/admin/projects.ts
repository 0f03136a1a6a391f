import type { InfisicalClient } from '../../client.js';
import { at, pickOf, rowsOf, text } from './read-fields.js';

export interface Project {
  id: string;
  name: string;
  slug: string;
  environments: string[]; // slugs
}

const projectOf = (row: unknown): Project | undefined => {
  const id = text(at(row, 'id')) ?? text(at(row, '_id'));
  if (id === undefined) return undefined;
  const envs = at(row, 'environments');
  return {
    id,
    name: text(at(row, 'name')) ?? '',
    slug: text(at(row, 'slug')) ?? '',
    environments: Array.isArray(envs) ? envs.flatMap((e: unknown) => (text(at(e, 'slug')) === undefined ? [] : [text(at(e, 'slug'))!])) : [],
  };
};

// GET /api/v1/workspace: the projects the caller is a member of (the creator of a project is one).
export const listProjects = async (client: InfisicalClient): Promise<Project[]> => {
  const reply = await client.call({ method: 'GET', path: '/api/v1/workspace' }, { phase: 'read', idempotent: true });
  if (!reply.ok) throw reply.failure();
  return rowsOf(client, reply, 'read', (d) => at(d, 'workspaces'), 'workspaces').flatMap((row) => {
    const project = projectOf(row);
    return project === undefined ? [] : [project];
  });
};

// POST /api/v2/workspace with the default environments (dev, staging, prod). No slug is sent: a taken
// slug is a 500 on the real server, and the project is found again by its name.
export const createProject = async (client: InfisicalClient, name: string): Promise<Project> => {
  const json = { projectName: name, shouldCreateDefaultEnvs: true };
  const reply = await client.call({ method: 'POST', path: '/api/v2/workspace', json }, { phase: 'write', idempotent: false });
  if (!reply.ok) throw reply.failure();
  return pickOf(client, reply, 'write', (d) => projectOf(at(d, 'project')), 'project');
};
