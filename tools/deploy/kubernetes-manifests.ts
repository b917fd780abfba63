import { DEMO_AGENCIES } from '@plein/demo-population';
import { API_AUDIENCE } from '@plein/auth';
import { PLEIN_OIN } from '../../apps/idp/src/realm.js';
import {
  CATALOGUE,
  CONSENT,
  DISPATCHER,
  ACCOUNTABILITY,
  GATEWAY,
  HOUSEHOLD,
  MIGRATION_JOB_MAIN,
  PLEIN_APPS,
  REGISTRY,
  WEB,
  type PleinApp,
} from '../plein/apps.js';

/**
 * The Kubernetes base (deploy/kubernetes/base), generated from the apps the runtime knows so the
 * two cannot drift: `npm run kubernetes:export` writes it, and a test keeps the committed files
 * equal to this and checks them against the Kubernetes schemas and the plein's own rules.
 */

export type Manifest = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; [key: string]: unknown } };

export const IMAGE = 'registry.example.nl/ontmoetingsplein';
export const PORT = 8080;
/** Where a migration-free, non-root image writes: the only writable paths in the pods. */
const SUPERGRAPH_CACHE = '/var/lib/plein/supergraph';
const LOGBOEK_CHECKPOINTS = '/var/lib/plein/logboek-checkpoints';

interface Workload {
  app: PleinApp;
  /** What the app does, for operators reading the manifest. */
  description: string;
  replicas: number;
  resources: { cpu: string; memory: string; cpuLimit: string; memoryLimit: string };
  /** Settings from the app's own secret (plein-<name>), each a key of it: never a value here. */
  secrets: string[];
  /** Settings only this app has (non-secret). */
  env?: Record<string, string>;
  autoscale?: { min: number; max: number };
  volumes?: Array<{ name: string; path: string; claim?: boolean }>;
  /** Who may open a connection to it: the ingress controller, any app of the plein, or only the named apps. */
  reachableFrom: 'ingress' | 'plein' | string[];
}

const small = { cpu: '100m', memory: '192Mi', cpuLimit: '1', memoryLimit: '384Mi' };
const medium = { cpu: '250m', memory: '256Mi', cpuLimit: '2', memoryLimit: '512Mi' };
const event = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'];

export const WORKLOADS: Workload[] = [
  {
    app: GATEWAY,
    description: "the plein's one GraphQL endpoint",
    replicas: 2,
    resources: medium,
    secrets: ['DATABASE_URL', 'PLEIN_CLIENT_SECRET', 'USAGE_REPORT_CLIENT_SECRET', 'LOGBOEK_KEY', ...event],
    // The log of refused requests is handed to the accountable record with the usage reporter's account.
    env: {
      USAGE_REPORT_CLIENT_ID: 'plein-usage-reporter',
      SUPERGRAPH_CACHE_FILE: `${SUPERGRAPH_CACHE}/supergraph.json`,
      LOGBOEK_CHECKPOINT_DIR: LOGBOEK_CHECKPOINTS,
      ACCOUNTABILITY_URL: `http://accountability:${PORT}`,
    },
    autoscale: { min: 2, max: 10 },
    volumes: [
      { name: 'supergraph-cache', path: SUPERGRAPH_CACHE },
      { name: 'logboek-checkpoints', path: LOGBOEK_CHECKPOINTS, claim: true },
    ],
    reachableFrom: 'ingress',
  },
  {
    app: HOUSEHOLD,
    description: 'the cross-agency household income overview',
    replicas: 2,
    resources: medium,
    secrets: ['DATABASE_URL', 'PLEIN_CLIENT_SECRET', ...event],
    autoscale: { min: 2, max: 10 },
    reachableFrom: 'plein',
  },
  {
    app: REGISTRY,
    description: 'agencies, subgraph publications, supergraph versions',
    replicas: 2,
    resources: small,
    secrets: ['DATABASE_URL', 'PLEIN_CLIENT_SECRET', ...event],
    reachableFrom: 'plein',
  },
  {
    app: CONSENT,
    description: 'consents, requests, decisions',
    replicas: 2,
    resources: small,
    secrets: ['DATABASE_URL', 'PLEIN_CLIENT_SECRET', 'PSEUDONYM_KEY', ...event],
    reachableFrom: 'plein',
  },
  {
    app: CATALOGUE,
    description: 'life situations and services',
    replicas: 2,
    resources: small,
    secrets: ['DATABASE_URL', 'PLEIN_CLIENT_SECRET', ...event],
    reachableFrom: 'plein',
  },
  {
    app: DISPATCHER,
    description: "published events (POST /events), their details on a basis, integrators' subscriptions: webhooks, retries, dead letters",
    replicas: 2,
    resources: small,
    secrets: ['DATABASE_URL', 'PLEIN_CLIENT_SECRET', 'PSEUDONYM_KEY', 'LOGBOEK_KEY', 'EVENT_ROUTER_CLIENT_SECRET', ...event],
    env: {
      LOGBOEK_CHECKPOINT_DIR: LOGBOEK_CHECKPOINTS,
      ACCOUNTABILITY_URL: `http://accountability:${PORT}`,
      DISPATCHER_PUBLIC_URL: 'https://api.plein.example.nl',
      // The population register asked where the resident of an early-warning signal lives; production points it at its BRP adapter.
      RESIDENCE_URL: `http://gemeente:${PORT}/graphql`,
    },
    volumes: [{ name: 'logboek-checkpoints', path: LOGBOEK_CHECKPOINTS, claim: true }],
    // Publishers post events and integrators read their details at api.plein.example.nl/events.
    reachableFrom: 'ingress',
  },
  {
    app: ACCOUNTABILITY,
    description:
      "the accountable record: every source's processing log, misuse signals, security officers' work, residents' explanation requests",
    // One instance: the misuse rules' windows are one stream (see docs/adr/0017).
    replicas: 1,
    resources: small,
    secrets: ['DATABASE_URL', 'PLEIN_CLIENT_SECRET', 'PSEUDONYM_KEY', 'LOGBOEK_KEY', ...event],
    env: { LOGBOEK_CHECKPOINT_DIR: LOGBOEK_CHECKPOINTS },
    volumes: [{ name: 'logboek-checkpoints', path: LOGBOEK_CHECKPOINTS, claim: true }],
    // The gateway for officers and residents; every source hands its log over.
    reachableFrom: [GATEWAY.name, DISPATCHER.name, ...DEMO_AGENCIES.map((a) => a.key)],
  },
  {
    app: WEB,
    description: 'the web pages (backend-for-frontend)',
    replicas: 2,
    resources: small,
    secrets: ['DATABASE_URL', 'SESSION_KEY', 'WEB_CLIENT_SECRET'],
    env: { WEB_PUBLIC_URL: 'https://plein.example.nl', GATEWAY_URL: `http://gateway:${PORT}/graphql`, NODE_ENV: 'production' },
    reachableFrom: 'ingress',
  },
  ...DEMO_AGENCIES.map((agency): Workload => ({
    app: PLEIN_APPS.find((a) => a.name === agency.key)!,
    description: `demo agency subgraph: ${agency.name} (pilots; a real agency runs its own)`,
    replicas: 2,
    resources: small,
    secrets: ['DATABASE_URL', 'PLEIN_CLIENT_SECRET', 'PSEUDONYM_KEY', 'LOGBOEK_KEY', ...event],
    env: { LOGBOEK_CHECKPOINT_DIR: LOGBOEK_CHECKPOINTS, ACCOUNTABILITY_URL: `http://accountability:${PORT}` },
    volumes: [{ name: 'logboek-checkpoints', path: LOGBOEK_CHECKPOINTS, claim: true }],
    // The gateway and the household app ask agencies for data; the registry reads only the SDL at
    // publication (the routing-URL check); the consent service asks the municipality's
    // parental-authority register. Nothing else of the plein, and nobody outside it, reaches an agency.
    reachableFrom: [GATEWAY.name, HOUSEHOLD.name, REGISTRY.name, ...(agency.key === 'gemeente' ? [CONSENT.name, DISPATCHER.name] : [])],
  })),
];

/** Settings every app reads from the shared ConfigMap; the production overlay sets the real values. */
export const SHARED_CONFIG: Record<string, string> = {
  HOST: '0.0.0.0',
  PORT: String(PORT),
  LOG_LEVEL: 'log',
  KEYCLOAK_URL: 'https://login.plein.example.nl',
  KEYCLOAK_REALM: 'plein',
  PLEIN_OIN,
  REGISTRY_URL: `http://registry:${PORT}`,
  CONSENT_URL: `http://consent:${PORT}/graphql`,
  PLEIN_EVENTS: 'kafka',
  KAFKA_BROKERS: 'kafka-0.kafka:9093,kafka-1.kafka:9093,kafka-2.kafka:9093',
  KAFKA_SSL: 'true',
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_REPLICATION_FACTOR: '3',
  APOLLO_TELEMETRY_DISABLED: 'true',
  NODE_ENV: 'production',
};

const labels = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'ontmoetingsplein' });
const secretName = (app: string) => `plein-${app}`;

/** The web pages check the login token as the API's; every other app is its own client. */
function audience(app: PleinApp): string {
  return app === GATEWAY || app === WEB ? API_AUDIENCE : app.name;
}

function deployment(w: Workload): Manifest {
  const name = w.app.name;
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    timeoutSeconds: 3,
    failureThreshold,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: labels(name), annotations: { 'plein.example.nl/description': w.description } },
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labels(name) },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            fsGroup: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name,
              image: `${IMAGE}:release`,
              args: [`dist/${w.app.main}`],
              ports: [{ name: 'http', containerPort: PORT }],
              envFrom: [{ configMapRef: { name: 'plein-config' } }],
              env: [
                { name: 'KEYCLOAK_AUDIENCE', value: audience(w.app) },
                { name: 'OTEL_SERVICE_NAME', value: `plein-${name}` },
                ...Object.entries(w.env ?? {}).map(([k, value]) => ({ name: k, value })),
                ...w.secrets.map((key) => ({
                  name: key,
                  valueFrom: { secretKeyRef: { name: secretName(name), key, ...(optionalSecret(key) ? { optional: true } : {}) } },
                })),
              ],
              resources: {
                requests: { cpu: w.resources.cpu, memory: w.resources.memory },
                limits: { cpu: w.resources.cpuLimit, memory: w.resources.memoryLimit },
              },
              startupProbe: probe('/health/ready', 2, 60),
              readinessProbe: probe('/health/ready', 5, 2),
              livenessProbe: probe('/health/live', 10, 3),
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...(w.volumes ?? []).map((v) => ({ name: v.name, mountPath: v.path }))],
            },
          ],
          volumes: [
            { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
            ...(w.volumes ?? []).map((v) =>
              v.claim
                ? { name: v.name, persistentVolumeClaim: { claimName: `${name}-${v.name}` } }
                : { name: v.name, emptyDir: { sizeLimit: '16Mi' } },
            ),
          ],
        },
      },
    },
  };
}

/** Kafka credentials only where the cluster asks for SASL, the web client's secret only for a confidential client. */
function optionalSecret(key: string): boolean {
  return ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'WEB_CLIENT_SECRET', 'USAGE_REPORT_CLIENT_SECRET'].includes(key);
}

function service(w: Workload): Manifest {
  const name = w.app.name;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: labels(name) },
    spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port: PORT, targetPort: 'http' }] },
  };
}

function disruptionBudget(w: Workload): Manifest {
  const name = w.app.name;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, labels: labels(name) },
    spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name } } },
  };
}

function autoscaler(w: Workload): Manifest[] {
  if (!w.autoscale) return [];
  const name = w.app.name;
  return [
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, labels: labels(name) },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: w.autoscale.min,
        maxReplicas: w.autoscale.max,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    },
  ];
}

function claims(w: Workload): Manifest[] {
  return (w.volumes ?? [])
    .filter((v) => v.claim)
    .map((v) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: `${w.app.name}-${v.name}`, labels: labels(w.app.name) },
      spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } },
    }));
}

const podsOf = (names: string[]) => names.map((name) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': name } } }));

/** Who may connect to an app. */
function networkPolicy(w: Workload): Manifest {
  const name = w.app.name;
  const from = Array.isArray(w.reachableFrom)
    ? podsOf(w.reachableFrom)
    : w.reachableFrom === 'ingress'
      ? [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
          { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'ontmoetingsplein' } } },
        ]
      : [{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'ontmoetingsplein' } } }];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, labels: labels(name) },
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': name } },
      policyTypes: ['Ingress'],
      ingress: [{ from, ports: [{ port: PORT, protocol: 'TCP' }] }],
    },
  };
}

function ingress(): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'plein', labels: labels('plein'), annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '1m' } },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['plein.example.nl', 'api.plein.example.nl'], secretName: 'plein-tls' }],
      rules: [
        {
          host: 'api.plein.example.nl',
          http: {
            paths: [
              { path: '/graphql', pathType: 'Exact', backend: { service: { name: GATEWAY.name, port: { name: 'http' } } } },
              { path: '/events', pathType: 'Prefix', backend: { service: { name: DISPATCHER.name, port: { name: 'http' } } } },
            ],
          },
        },
        {
          host: 'plein.example.nl',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: WEB.name, port: { name: 'http' } } } }] },
        },
      ],
    },
  };
}

/** Once per release, before the new replicas: every schema migrated as its owner. */
function migrationJob(): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'plein-migrate',
      labels: labels('plein-migrate'),
      annotations: { 'plein.example.nl/description': 'run once per release, before rolling out the apps' },
    },
    spec: {
      backoffLimit: 3,
      ttlSecondsAfterFinished: 86_400,
      template: {
        metadata: { labels: labels('plein-migrate') },
        spec: {
          restartPolicy: 'OnFailure',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'migrate',
              image: `${IMAGE}:release`,
              args: [`dist/${MIGRATION_JOB_MAIN}`],
              env: [
                { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'plein-migrate', key: 'DATABASE_URL' } } },
                { name: 'APP_DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: 'plein-migrate', key: 'APP_DATABASE_PASSWORD' } } },
              ],
              resources: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '1', memory: '384Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}

/** Files of the base, by name: one per app (its Deployment, Service, budget, policy …) and the shared ones. */
export function kubernetesBase(): Map<string, unknown[]> {
  const files = new Map<string, Manifest[]>();
  files.set('config.yaml', [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plein-config', labels: labels('plein') }, data: SHARED_CONFIG },
  ]);
  for (const w of WORKLOADS)
    files.set(`${w.app.name}.yaml`, [deployment(w), service(w), disruptionBudget(w), networkPolicy(w), ...autoscaler(w), ...claims(w)]);
  files.set('ingress.yaml', [ingress()]);
  files.set('migrate-job.yaml', [migrationJob()]);
  const resources = [...files.keys()];
  return new Map<string, unknown[]>([
    ...files,
    ['kustomization.yaml', [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources }]],
  ]);
}
