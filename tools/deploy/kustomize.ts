import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fromYaml } from './yaml-files.js';

/**
 * The part of `kustomize build` the plein's manifests use (no kubectl or kustomize exists on the
 * development machines): resources (files and folders), namespace, images, replicas, and patches
 * merged strategically by kind and name (lists of named items merged by name).
 */
export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

interface Kustomization {
  resources?: string[];
  namespace?: string;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
  replicas?: Array<{ name: string; count: number }>;
  patches?: Array<{ path: string }>;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass']);

export function kustomizeBuild(dir: string): Resource[] {
  const file = join(dir, 'kustomization.yaml');
  const [k] = fromYaml(readFileSync(file, 'utf8'), file) as [Kustomization];
  let resources: Resource[] = [];
  for (const entry of k.resources ?? []) {
    const path = join(dir, entry);
    resources.push(...(statSync(path).isDirectory() ? kustomizeBuild(path) : (fromYaml(readFileSync(path, 'utf8'), path) as Resource[])));
  }
  for (const patch of k.patches ?? []) {
    const path = join(dir, patch.path);
    for (const p of fromYaml(readFileSync(path, 'utf8'), path) as Resource[]) {
      const target = resources.find((r) => r.kind === p.kind && r.metadata.name === p.metadata.name);
      if (!target) throw new Error(`${path}: patches ${p.kind} ${p.metadata.name}, which ${dirname(file)} does not have`);
      resources = resources.map((r) => (r === target ? (strategicMerge(r, p) as Resource) : r));
    }
  }
  for (const { name, count } of k.replicas ?? []) {
    const target = resources.find((r) => r.kind === 'Deployment' && r.metadata.name === name);
    if (!target) throw new Error(`${file}: replicas for ${name}, which is not a Deployment here`);
    (target['spec'] as { replicas: number }).replicas = count;
  }
  if (k.images) for (const r of resources) for (const c of containersOf(r)) c.image = retag(c.image, k.images);
  if (k.namespace) for (const r of resources) if (!CLUSTER_SCOPED.has(r.kind)) r.metadata.namespace = k.namespace;
  return resources;
}

export function containersOf(r: Resource): Array<Record<string, unknown> & { name: string; image: string }> {
  const pod =
    r.kind === 'Deployment' || r.kind === 'Job'
      ? (r['spec'] as { template?: { spec?: { containers?: unknown[] } } }).template?.spec
      : undefined;
  return (pod?.containers ?? []) as Array<Record<string, unknown> & { name: string; image: string }>;
}

function retag(image: string, images: NonNullable<Kustomization['images']>): string {
  const [name] = image.split(':') as [string];
  const rule = images.find((i) => i.name === name);
  if (!rule) return image;
  return `${rule.newName ?? name}:${rule.newTag ?? image.slice(name.length + 1)}`;
}

export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch)) {
    const named = (xs: unknown[]) => xs.every((x) => typeof x === 'object' && x !== null && 'name' in x);
    if (!named(base) || !named(patch)) return patch;
    const out = [...base] as Array<{ name: string }>;
    for (const p of patch as Array<{ name: string }>) {
      const i = out.findIndex((b) => b.name === p.name);
      if (i >= 0) out[i] = strategicMerge(out[i], p) as { name: string };
      else out.push(p);
    }
    return out;
  }
  if (isObject(base) && isObject(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch))
      out[key] = value === null ? undefined : key in base ? strategicMerge(base[key], value) : value;
    return out;
  }
  return patch;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
