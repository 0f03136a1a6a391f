import { isBootstrapName } from '../sources/bootstrap-vars.js';
import type { Requirement } from '../contracts/types.js';
import type { PlannedKey } from './types.js';

export interface PlanInput {
  requirements: readonly Requirement[];
  service: string; // '' when no service slug is set
}

// The folders a transport's keys are looked up in: the service's own, then the shared one
// (docs/contracts.md, Folders and priority).
export const foldersFor = (transport: string, service: string): { own: string[]; shared: string } => ({
  own: service === '' ? [] : [`/services/${service}/${transport}/`],
  shared: `/shared/${transport}/`,
});

// The roots every folder foldersFor() gives lies under, the service's first: what one recursive
// listing each covers (infisical/fetch-folders.ts, rootOf).
export const rootsFor = (service: string): string[] => [...(service === '' ? [] : [`/services/${service}/`]), '/shared/'];

// Pure: requirements in discovery order → one entry per key. A key asked for by several transports
// is looked up in every service folder before any shared one.
export const buildPlan = ({ requirements, service }: PlanInput): PlannedKey[] => {
  const byKey = new Map<string, Slot>();
  // A 10,000-contract tree asks for some keys thousands of times: per requirement this does a few
  // lookups, no string building, and works out folders once per key and transport.
  const folders = new Map<string, { own: string[]; shared: string }>();
  for (const req of requirements) {
    if (isBootstrapName(req.key)) continue; // bootstrap variables are never fetched
    let slot = byKey.get(req.key);
    if (slot === undefined) {
      slot = {
        entry: { key: req.key, transport: req.transport, required: false, folders: [], sources: [] },
        transports: [],
        own: [],
        shared: [],
        fields: new Map(),
      };
      byKey.set(req.key, slot);
    }
    slot.entry.required ||= req.required;
    if (!slot.transports.includes(req.transport)) {
      slot.transports.push(req.transport);
      let f = folders.get(req.transport);
      if (f === undefined) folders.set(req.transport, (f = foldersFor(req.transport, service)));
      for (const own of f.own) if (!slot.own.includes(own)) slot.own.push(own);
      if (!slot.shared.includes(f.shared)) slot.shared.push(f.shared);
    }
    // Per contract the fields already listed: a Map, not a scan of the sources, so a key asked by
    // thousands of contracts stays linear.
    const fields = slot.fields.get(req.contract);
    if (fields === undefined) slot.fields.set(req.contract, [req.field]);
    else if (!fields.includes(req.field)) fields.push(req.field);
    else continue;
    slot.entry.sources.push({ contract: req.contract, field: req.field });
  }
  return [...byKey.values()].map(({ entry, own, shared }) => ({ ...entry, folders: [...own, ...shared] }));
};

interface Slot {
  entry: PlannedKey;
  transports: string[];
  own: string[];
  shared: string[];
  fields: Map<string, string[]>;
}

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

// Folder → the keys planned in it: what the fetch takes from a listing, and nothing else.
export const keysByFolder = (plan: readonly PlannedKey[]): Map<string, Set<string>> => {
  const wanted = new Map<string, Set<string>>();
  for (const entry of plan) {
    for (const folder of entry.folders) {
      const keys = wanted.get(folder);
      if (keys === undefined) wanted.set(folder, new Set([entry.key]));
      else keys.add(entry.key);
    }
  }
  return wanted;
};
