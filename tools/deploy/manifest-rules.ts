import { existsSync } from 'node:fs';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import type { SettingsShape } from '@plein/config';
import { requiredSettings } from './app-settings.js';
import { containersOf, type Resource } from './kustomize.js';

/** The kinds the plein deploys, each with its model from the Kubernetes OpenAPI schemas. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Service': Service,
};

/** Schema errors, one line per object; a kind the plein does not deploy is an error too (a Secret with values, say). */
export function schemaProblems(resources: Resource[]): string[] {
  const problems: string[] = [];
  for (const r of resources) {
    const Model = MODELS[`${r.apiVersion}/${r.kind}`];
    const where = `${r.kind} ${r.metadata?.name}`;
    if (!Model) {
      problems.push(
        `${where}: ${r.apiVersion}/${r.kind} is not a kind the plein deploys${r.kind === 'Secret' ? ' (secrets are referenced, never committed)' : ''}`,
      );
      continue;
    }
    try {
      new Model(r as never).validate();
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
    }
  }
  return problems;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: unknown };
}

/**
 * The plein's own rules for what it deploys: every Deployment is probed, limited and locked down,
 * and gets every setting its app refuses to start without — literal values valid for the app,
 * secrets only by reference.
 */
export function pleinProblems(resources: Resource[], appSettings: ReadonlyMap<string, SettingsShape>, distDir: string): string[] {
  const problems: string[] = [];
  const configMaps = new Map(
    resources.filter((r) => r.kind === 'ConfigMap').map((r) => [r.metadata.name, (r['data'] ?? {}) as Record<string, string>]),
  );
  const deployments = resources.filter((r) => r.kind === 'Deployment');
  for (const d of deployments) {
    const name = d.metadata.name;
    const say = (p: string) => problems.push(`Deployment ${name}: ${p}`);
    const pod = (d['spec'] as { template: { spec: Record<string, unknown> & { securityContext?: Record<string, unknown> } } }).template
      .spec;
    if (pod.securityContext?.['runAsNonRoot'] !== true) say('pod securityContext.runAsNonRoot is not true');
    if (pod['automountServiceAccountToken'] !== false) say('mounts a service account token it does not need');
    for (const c of containersOf(d)) {
      const at = (p: string) => say(`container ${c.name}: ${p}`);
      for (const probe of ['livenessProbe', 'readinessProbe'] as const) if (!c[probe]) at(`has no ${probe}`);
      const paths = ['livenessProbe', 'readinessProbe'].map((p) => (c[p] as { httpGet?: { path?: string } } | undefined)?.httpGet?.path);
      if (paths[0] !== '/health/live') at('livenessProbe does not ask /health/live');
      if (paths[1] !== '/health/ready') at('readinessProbe does not ask /health/ready');
      const resourcesOf = (c['resources'] ?? {}) as { requests?: Record<string, string>; limits?: Record<string, string> };
      for (const kind of ['requests', 'limits'] as const)
        for (const what of ['cpu', 'memory'])
          if (!resourcesOf[kind]?.[what]) at(`has no ${what} ${kind === 'requests' ? 'request' : 'limit'}`);
      const sc = (c['securityContext'] ?? {}) as {
        allowPrivilegeEscalation?: boolean;
        readOnlyRootFilesystem?: boolean;
        capabilities?: { drop?: string[] };
      };
      if (sc.allowPrivilegeEscalation !== false) at('allows privilege escalation');
      if (sc.readOnlyRootFilesystem !== true) at('root filesystem is not read-only');
      if (!sc.capabilities?.drop?.includes('ALL')) at('does not drop all capabilities');
      if (/:latest$|^[^:]+$/.test(c.image)) at(`image ${c.image} has no fixed tag`);
      const main = ((c['args'] ?? []) as string[])[0];
      if (!main || !existsSync(`${distDir}/${main.replace(/^dist\//, '')}`))
        at(`starts ${main ?? 'nothing'}, which the build does not produce`);

      const settings = appSettings.get(name);
      if (!settings) {
        at('is no app of the plein');
        continue;
      }
      const env = (c['env'] ?? []) as EnvVar[];
      const literal = new Map<string, string>();
      for (const ref of (c['envFrom'] ?? []) as Array<{ configMapRef?: { name: string } }>) {
        const data = ref.configMapRef && configMaps.get(ref.configMapRef.name);
        if (ref.configMapRef && !data) at(`reads ConfigMap ${ref.configMapRef.name}, which is not deployed`);
        for (const [k, v] of Object.entries(data ?? {})) literal.set(k, v);
      }
      for (const e of env) if (e.value !== undefined) literal.set(e.name, e.value);
      const fromSecrets = new Set(env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name));
      for (const required of requiredSettings(settings))
        if (!literal.has(required) && !fromSecrets.has(required)) at(`does not provide ${required}, which the app requires`);
      for (const [key, value] of literal) {
        const setting = settings[key];
        if (!setting) continue;
        if (setting.secret) at(`${key} is a secret: reference it from a Secret, never as a value`);
        const parsed = setting.schema.safeParse(value === '' ? undefined : value);
        if (!parsed.success) at(`${key}="${value}" is not valid for the app: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      }
      if (literal.get('PLEIN_EVENTS') === 'kafka' && !literal.has('KAFKA_BROKERS') && 'KAFKA_BROKERS' in settings)
        at('uses Kafka without KAFKA_BROKERS');
    }
    const selects = (kind: string) =>
      resources.some(
        (r) =>
          r.kind === kind &&
          JSON.stringify((r['spec'] as { selector?: unknown }).selector ?? {}).includes(`"app.kubernetes.io/name":"${name}"`),
      );
    if (
      !resources.some((r) => r.kind === 'PodDisruptionBudget' && JSON.stringify(r['spec']).includes(`"app.kubernetes.io/name":"${name}"`))
    )
      say('has no PodDisruptionBudget');
    if (!selects('Service')) say('has no Service');
    if (
      !resources.some(
        (r) => r.kind === 'NetworkPolicy' && JSON.stringify((r['spec'] as { podSelector: unknown }).podSelector).includes(`"${name}"`),
      )
    )
      say('has no NetworkPolicy');
  }
  return problems;
}

/** Which apps may open connections to `app`, by the NetworkPolicies (pod names, or '*' for any plein pod or outside). */
export function allowedClients(resources: Resource[], app: string): string[] {
  const policies = resources.filter(
    (r) =>
      r.kind === 'NetworkPolicy' &&
      JSON.stringify((r['spec'] as { podSelector: unknown }).podSelector).includes(`"app.kubernetes.io/name":"${app}"`),
  );
  const from = policies.flatMap((p) =>
    ((p['spec'] as { ingress?: Array<{ from?: Array<Record<string, { matchLabels?: Record<string, string> }>> }> }).ingress ?? []).flatMap(
      (rule) => rule.from ?? [{}],
    ),
  );
  return [
    ...new Set(
      from.map((peer) => {
        const labels = peer['podSelector']?.matchLabels;
        return labels?.['app.kubernetes.io/name'] && !peer['namespaceSelector'] ? labels['app.kubernetes.io/name'] : '*';
      }),
    ),
  ].sort();
}
