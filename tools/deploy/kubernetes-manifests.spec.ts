import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MIGRATION_JOB_MAIN } from '../plein/apps.js';
import { APP_SETTINGS } from './app-settings.js';
import { kubernetesBase } from './kubernetes-manifests.js';
import { containersOf, kustomizeBuild, type Resource } from './kustomize.js';
import { allowedClients, pleinProblems, schemaProblems } from './manifest-rules.js';
import { fromYaml } from './yaml-files.js';

const BASE = 'deploy/kubernetes/base';
const PRODUCTION = 'deploy/kubernetes/overlays/production';
const problems = (resources: Resource[]) => [...schemaProblems(resources), ...pleinProblems(resources, APP_SETTINGS, 'dist')];
const copy = (resources: Resource[]) => structuredClone(resources);
const find = (resources: Resource[], kind: string, name: string) => resources.find((r) => r.kind === kind && r.metadata.name === name)!;
const container = (resources: Resource[], name: string) => containersOf(find(resources, 'Deployment', name))[0]!;

describe('Kubernetes manifests (deploy/kubernetes)', () => {
  it('commits the base exactly as generated from the apps the runtime starts (npm run kubernetes:export)', () => {
    for (const [file, documents] of kubernetesBase()) {
      const path = join(BASE, file);
      expect(fromYaml(readFileSync(path, 'utf8'), path)).toEqual(JSON.parse(JSON.stringify(documents)));
    }
  });

  it.each([BASE, PRODUCTION])('%s: valid against the Kubernetes schemas and the plein rules', (dir) => {
    const resources = kustomizeBuild(dir);
    expect(resources.filter((r) => r.kind === 'Deployment')).toHaveLength(APP_SETTINGS.size);
    expect(problems(resources)).toEqual([]);
  });

  it('runs production in its namespace, on a released image, with the gateway and household autoscaled and reachable where they should be', () => {
    const resources = kustomizeBuild(PRODUCTION);
    expect(new Set(resources.map((r) => r.metadata.namespace))).toEqual(new Set(['plein']));
    expect(new Set(resources.flatMap(containersOf).map((c) => c.image))).toEqual(
      new Set(['registry.plein.overheid.example/ontmoetingsplein:0.1.0']),
    );
    const scaled = resources
      .filter((r) => r.kind === 'HorizontalPodAutoscaler')
      .map((r) => [r.metadata.name, (r['spec'] as { minReplicas: number }).minReplicas]);
    expect(scaled).toEqual([
      ['gateway', 3],
      ['household', 3],
    ]);
    expect((find(resources, 'Deployment', 'gateway')['spec'] as { replicas: number }).replicas).toBe(3);
    expect(container(resources, 'gateway')['resources']).toMatchObject({ limits: { memory: '768Mi' } });
    expect(JSON.stringify(find(resources, 'Ingress', 'plein'))).toMatch(/"name":"gateway".*"name":"web"/);
    // The migration job is the one place migrations run, with the owner's credentials.
    expect(containersOf(find(resources, 'Job', 'plein-migrate'))[0]!['args']).toEqual([`dist/${MIGRATION_JOB_MAIN}`]);
  });

  it('lets only the gateway and the household app (and the registry for the SDL) reach an agency subgraph', () => {
    const resources = kustomizeBuild(PRODUCTION);
    expect(allowedClients(resources, 'uwv')).toEqual(['gateway', 'household', 'registry']);
    expect(allowedClients(resources, 'toeslagen')).toEqual(['gateway', 'household', 'registry']);
    // Of the municipality, the consent service reads the parental-authority register and the dispatcher asks where a
    // signalled resident lives (Query.residence); nothing else of an agency.
    expect(allowedClients(resources, 'gemeente')).toEqual(['consent', 'dispatcher', 'gateway', 'household', 'registry']);
    expect(allowedClients(resources, 'gateway')).toEqual(['*']);
  });

  describe('refuses a change that weakens a deployment', () => {
    const built = kustomizeBuild(PRODUCTION);
    it.each<[string, (r: Resource[]) => void, RegExp]>([
      [
        'a dropped readiness probe',
        (r) => delete container(r, 'gateway')['readinessProbe'],
        /gateway: container gateway: has no readinessProbe/,
      ],
      [
        'a dropped memory limit',
        (r) => delete (container(r, 'uwv')['resources'] as { limits: { memory?: string } }).limits.memory,
        /uwv: container uwv: has no memory limit/,
      ],
      [
        'a writable root filesystem',
        (r) => ((container(r, 'household')['securityContext'] as { readOnlyRootFilesystem: boolean }).readOnlyRootFilesystem = false),
        /household.*not read-only/,
      ],
      [
        'a committed Secret',
        (r) => r.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plein-uwv' }, data: { LOGBOEK_KEY: 'c2VjcmV0' } }),
        /Secret plein-uwv: .*never committed/,
      ],
      [
        'a secret as a literal value',
        (r) => (container(r, 'web')['env'] as Array<{ name: string; value?: string }>).push({ name: 'SESSION_KEY', value: 'x'.repeat(40) }),
        /web.*SESSION_KEY is a secret/,
      ],
      [
        'a required setting missing',
        (r) => delete (find(r, 'ConfigMap', 'plein-config')['data'] as Record<string, string>)['PLEIN_OIN'],
        /registry: container registry: does not provide PLEIN_OIN/,
      ],
      [
        'a value the app would refuse',
        (r) => ((find(r, 'ConfigMap', 'plein-config')['data'] as Record<string, string>)['KEYCLOAK_URL'] = 'login.example'),
        /KEYCLOAK_URL="login.example" is not valid/,
      ],
      [
        'a quantity Kubernetes would refuse',
        (r) => ((container(r, 'svb')['resources'] as { requests: { cpu: string } }).requests.cpu = 'lots'),
        /Deployment svb: .*cpu/,
      ],
      [
        'an entry point the build does not have',
        (r) => (container(r, 'duo')['args'] = ['dist/apps/agencies/duo/src/mian.js']),
        /duo.*which the build does not produce/,
      ],
      [
        'an app without a disruption budget',
        (r) => r.splice(r.indexOf(find(r, 'PodDisruptionBudget', 'consent')), 1),
        /Deployment consent: has no PodDisruptionBudget/,
      ],
    ])('%s', (_, change, reported) => {
      const resources = copy(built);
      change(resources);
      expect(problems(resources).join('\n')).toMatch(reported);
    });
  });
});
