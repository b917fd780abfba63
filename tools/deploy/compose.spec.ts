import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { MIGRATION_JOB_MAIN } from '../plein/apps.js';
import { APP_SETTINGS, requiredSettings } from './app-settings.js';

const FILE = 'deploy/compose/compose.yaml';
const raw = readFileSync(FILE, 'utf8');
const example = Object.fromEntries(
  readFileSync('deploy/compose/plein.env.example', 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  read_only?: boolean;
  user?: string;
  cap_drop?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

/** Compose's own interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error}, from plein.env. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, rest?: string) => {
    if (env[name] !== undefined) return env[name];
    if (op === '-') return rest ?? '';
    throw new Error(`${name} is not set: ${rest ?? 'required'}`);
  });
}
const services = (parse(interpolate(raw, example), { merge: true }) as { services: Record<string, ComposeService> }).services;
/** The same file without interpolation: where a value comes from plein.env rather than the file. */
const uninterpolated = (parse(raw, { merge: true }) as { services: Record<string, ComposeService> }).services;

describe('the compose file (deploy/compose)', () => {
  it('starts PostgreSQL, Kafka in KRaft mode, Keycloak importing the realm, a collector and the migration job before the apps', () => {
    expect(services['postgres']!.image).toMatch(/^postgres:\d+/);
    expect(services['kafka']!.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller' });
    expect(services['kafka']!.environment).not.toHaveProperty('KAFKA_ZOOKEEPER_CONNECT');
    expect(services['keycloak']!.command).toContain('--import-realm');
    expect(services['keycloak']!.volumes).toContain('../keycloak/realm-plein.json:/opt/keycloak/data/import/realm-plein.json:ro');
    expect(services['otel-collector']).toBeDefined();
    expect(services['migrate']!.command).toEqual([`dist/${MIGRATION_JOB_MAIN}`]);
    for (const app of APP_SETTINGS.keys())
      expect(services[app]?.depends_on?.['migrate']).toEqual({ condition: 'service_completed_successfully' });
  });

  it('runs two replicas of the gateway and the household app', () => {
    expect(services['gateway']!.deploy?.replicas).toBe(2);
    expect(services['household']!.deploy?.replicas).toBe(2);
  });

  it.each([...APP_SETTINGS.keys()])('%s: every setting it requires, valid, secrets only from plein.env, locked down', (app) => {
    const service = services[app]!;
    const settings = APP_SETTINGS.get(app)!;
    const env = service.environment ?? {};
    expect(requiredSettings(settings).filter((name) => env[name] === undefined)).toEqual([]);
    const invalid = Object.entries(env).flatMap(([name, value]) => {
      const parsed = settings[name]?.schema.safeParse(value === '' ? undefined : value);
      return parsed && !parsed.success ? [`${name}=${value}`] : [];
    });
    expect(invalid).toEqual([]);
    const rawEnv = uninterpolated[app]!.environment ?? {};
    const literalSecrets = Object.keys(settings).filter(
      (name) => settings[name]!.secret && rawEnv[name] !== undefined && !String(rawEnv[name]).includes('${'),
    );
    expect(literalSecrets).toEqual([]);
    expect(existsSync(`dist/${service.command![0]!.replace(/^dist\//, '')}`)).toBe(true);
    expect(service).toMatchObject({ read_only: true, user: '10001:10001', cap_drop: ['ALL'] });
  });

  it('never commits the secrets file', () => {
    expect(execFileSync('git', ['check-ignore', 'deploy/compose/plein.env']).toString().trim()).toBe('deploy/compose/plein.env');
    expect(() => interpolate(raw, {})).toThrow(/POSTGRES_PASSWORD is not set|APP_DATABASE_PASSWORD is not set|PSEUDONYM_KEY is not set/);
  });
});
