import { z } from 'zod';

/**
 * One typed configuration schema per app, read from the environment and validated before the
 * app starts. Each variable carries a description (printed when it is wrong) and may be marked
 * secret, so its value is never echoed back.
 */
export interface Setting<T extends z.ZodType> {
  schema: T;
  description: string;
  secret?: boolean;
}

export type SettingsShape = Record<string, Setting<z.ZodType>>;
export type ConfigOf<S extends SettingsShape> = { readonly [K in keyof S]: z.output<S[K]['schema']> };

export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: readonly string[],
  ) {
    super(`${app}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function setting<T extends z.ZodType>(schema: T, description: string, secret = false): Setting<T> {
  return { schema, description, secret };
}

export function loadConfig<S extends SettingsShape>(app: string, settings: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, { schema, description, secret }] of Object.entries(settings)) {
    const raw = env[name];
    const parsed = schema.safeParse(raw === '' ? undefined : raw);
    if (parsed.success) {
      values[name] = parsed.data;
    } else {
      const shown = raw === undefined ? 'not set' : secret ? 'set (value hidden)' : `"${raw}"`;
      const reason = parsed.error.issues.map((i) => i.message).join('; ');
      problems.push(`${name} (${description}) is ${shown}: ${reason}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(app, problems);
  return Object.freeze(values) as ConfigOf<S>;
}

/** Settings shared by every HTTP app of the plein. */
export const commonSettings = {
  PORT: setting(z.coerce.number().int().min(1).max(65535), 'TCP port the app listens on'),
  HOST: setting(z.string().default('127.0.0.1'), 'interface the app binds to; 0.0.0.0 in a container'),
  LOG_LEVEL: setting(z.enum(['error', 'warn', 'log', 'debug']).default('log'), 'lowest log level printed'),
};

export const databaseSettings = {
  DATABASE_URL: setting(z.url({ protocol: /^postgres(ql)?$/ }), 'PostgreSQL connection URL', true),
};

export const httpUrl = () => z.url({ protocol: /^https?$/ });
