// Projects (workspaces): create, list, get (docs/emulator.md, Admin routes). Creating needs an
// organization admin; the creator becomes the project's admin, as on the real server. A slug that is
// taken is a 500 (a database unique violation, observed), never a 400 or 409.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Ctx } from './http.js';
import { sendJson } from './http.js';
import type { Deps } from './deps.js';
import { apiError } from './errors.js';
import { actor, findProject, permissionDenied, projectNotFound, requireOrgAdmin } from './access.js';
import { BodyReader } from './body.js';
import type { StoredEnv, StoredProject } from './seed.js';
import { slugify, stableId } from './seed.js';

const DEFAULT_ENVS: [string, string][] = [
  ['dev', 'Development'],
  ['staging', 'Staging'],
  ['prod', 'Production'],
];
const ENV_NAMES = new Map(DEFAULT_ENVS);
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function emptyEnv(projectId: string, slug: string): StoredEnv {
  return { slug, folders: new Map([['/', { id: stableId('folder', projectId, slug, '/'), path: '/', secrets: [], imports: [] }]]) };
}

export function projectView(deps: Deps, p: StoredProject): Record<string, unknown> {
  return {
    id: p.id,
    _id: p.id,
    name: p.name,
    slug: p.slug,
    orgId: deps.store.org?.id ?? null,
    description: null,
    autoCapitalization: false,
    version: 3,
    environments: [...p.envs.keys()].map((slug) => ({ id: stableId('env', p.id, slug), name: ENV_NAMES.get(slug) ?? slug, slug })),
    createdAt: deps.createdAt,
    updatedAt: deps.createdAt,
  };
}

/** `POST /api/v2/workspace` `{projectName, slug?, shouldCreateDefaultEnvs?}`. */
export async function createProject(ctx: Ctx, deps: Deps): Promise<void> {
  const b = await BodyReader.read(ctx);
  const name = b.str('projectName', true);
  const slug = b.str('slug');
  if (slug !== undefined && (slug.length < 5 || slug.length > 36 || !SLUG.test(slug))) {
    b.issues.push({ code: 'custom', message: 'Must be valid slug of 5 to 36 characters', path: ['slug'] });
  }
  const defaultEnvs = b.bool('shouldCreateDefaultEnvs') ?? true;
  b.str('projectDescription');
  b.str('organizationId');
  b.done(ctx);
  const identity = actor(ctx, deps);
  requireOrgAdmin(ctx, identity, 'create', 'workspace');
  // Without a slug the server makes one from the name and a random suffix, so a same-name project is simply another.
  const finalSlug = slug ?? `${slugify(name as string) || 'project'}-${randomBytes(3).toString('hex').slice(0, 4)}`;
  if ([...deps.store.projects.values()].some((p) => p.slug === finalSlug)) {
    throw apiError(ctx.reqId, 500, 'Create', 'Something went wrong');
  }
  const id = randomUUID();
  const envs = new Map<string, StoredEnv>();
  if (defaultEnvs) for (const [envSlug] of DEFAULT_ENVS) envs.set(envSlug, emptyEnv(id, envSlug));
  const project: StoredProject = { id, slug: finalSlug, name: name as string, envs };
  deps.store.projects.set(id, project);
  identity.projects.add(id);
  identity.roles.set(id, 'admin');
  deps.countWrite('projects');
  sendJson(ctx, 200, { project: projectView(deps, project) });
}

/** `GET /api/v1/workspace`: the projects the caller is a member of. */
export function listProjects(ctx: Ctx, deps: Deps): void {
  const identity = actor(ctx, deps);
  const workspaces = [...deps.store.projects.values()].filter((p) => identity.projects.has(p.id)).map((p) => projectView(deps, p));
  sendJson(ctx, 200, { workspaces });
}

/** `GET /api/v1/workspace/:id` (an id; a slug also resolves, as newer servers' slug route does). */
export function getProject(ctx: Ctx, deps: Deps, idOrSlug: string): void {
  const identity = actor(ctx, deps);
  const project = findProject(deps, idOrSlug);
  if (!project) throw projectNotFound(ctx, idOrSlug);
  if (!identity.projects.has(project.id)) throw permissionDenied(ctx, 'read', 'workspace');
  sendJson(ctx, 200, { workspace: projectView(deps, project) });
}
