import { isBootstrapName } from '../bootstrap/bootstrap-vars.js';
import type { Requirement } from '../contracts/types.js';
import type { PlannedKey } from './types.js';

export interface PlanInput {
  requirements: readonly Requirement[];
  service: string; // '' when no service slug is set
}

// The folders a transport's keys are looked up in: the service's own, then the shared one (SPEC §2).
export const foldersFor = (transport: string, service: string): { own: string[]; shared: string } => ({
  own: service === '' ? [] : [`/services/${service}/${transport}/`],
  shared: `/shared/${transport}/`,
});

// Pure: requirements in discovery order → one entry per key. A key asked for by several transports
// is looked up in every service folder before any shared one.
export const buildPlan = ({ requirements, service }: PlanInput): PlannedKey[] => {
  const byKey = new Map<string, { entry: PlannedKey; own: string[]; shared: string[]; seen: Set<string> }>();
  for (const req of requirements) {
    if (isBootstrapName(req.key)) continue; // bootstrap variables are never fetched
    const folders = foldersFor(req.transport, service);
    let slot = byKey.get(req.key);
    if (slot === undefined) {
      slot = { entry: { key: req.key, transport: req.transport, required: false, folders: [], sources: [] }, own: [], shared: [], seen: new Set() };
      byKey.set(req.key, slot);
    }
    slot.entry.required ||= req.required;
    for (const f of folders.own) if (!slot.own.includes(f)) slot.own.push(f);
    if (!slot.shared.includes(folders.shared)) slot.shared.push(folders.shared);
    // A Set, not a scan of the list: a key asked by thousands of contracts must stay linear.
    const source = `${req.contract}\0${req.field}`;
    if (!slot.seen.has(source)) {
      slot.seen.add(source);
      slot.entry.sources.push({ contract: req.contract, field: req.field });
    }
  }
  return [...byKey.values()].map(({ entry, own, shared }) => ({ ...entry, folders: [...own, ...shared] }));
};

// The folders some requirements send the fetch to, as the scan finds them; the same folders, and the
// same bootstrap guard, as the plan built from them.
export const foldersNeeded = (requirements: readonly Requirement[], service: string): string[] => {
  const folders: string[] = [];
  for (const req of requirements) {
    if (isBootstrapName(req.key)) continue;
    const { own, shared } = foldersFor(req.transport, service);
    folders.push(...own, shared);
  }
  return folders;
};

// Every folder the plan needs, each once, in first-use order: what the fetch step lists.
export const foldersToList = (plan: readonly PlannedKey[]): string[] => {
  const folders = new Set<string>();
  for (const entry of plan) for (const folder of entry.folders) folders.add(folder);
  return [...folders];
};
