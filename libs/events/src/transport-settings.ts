import { z } from 'zod';
import { ConfigError, setting, type ConfigOf } from '@plein/config';
import { EmbeddedLog } from './embedded-log/embedded-log.js';
import { KafkaTransport } from './kafka/kafka-transport.js';
import type { EventTransport } from './transport.js';

const brokerList = z
  .string()
  .transform((s) => s.split(',').map((b) => b.trim()))
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'host:port')).min(1));

/** One setting switches every app between the embedded log and Kafka; the rest configures Kafka. */
export const eventSettings = {
  PLEIN_EVENTS: setting(z.enum(['embedded', 'kafka']).default('embedded'), 'event transport: the embedded log (one machine) or Kafka'),
  KAFKA_BROKERS: setting(brokerList.optional(), 'Kafka bootstrap brokers, comma-separated host:port (with PLEIN_EVENTS=kafka)'),
  KAFKA_SSL: setting(z.stringbool().default(false), 'connect to Kafka over TLS'),
  KAFKA_SASL_MECHANISM: setting(
    z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
    'SASL mechanism, when the cluster requires it',
  ),
  KAFKA_SASL_USERNAME: setting(z.string().min(1).optional(), 'SASL user name'),
  KAFKA_SASL_PASSWORD: setting(z.string().min(1).optional(), 'SASL password', true),
  KAFKA_REPLICATION_FACTOR: setting(
    z.coerce.number().int().min(1).max(7).default(1),
    'replicas of each topic the plein creates (3 in production)',
  ),
};

export type EventConfig = ConfigOf<typeof eventSettings>;

/** The settings that belong together, checked before anything starts. */
export function checkEventConfig(app: string, config: EventConfig): void {
  if (config.PLEIN_EVENTS === 'embedded') return;
  const problems: string[] = [];
  if (!config.KAFKA_BROKERS) problems.push('KAFKA_BROKERS is required with PLEIN_EVENTS=kafka');
  if (config.KAFKA_SASL_MECHANISM && !(config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD))
    problems.push('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM');
  if (problems.length > 0) throw new ConfigError(app, problems);
}

/** Opens the configured transport for one app; `databaseUrl` holds the embedded log and the dead letters. */
export async function openTransport(app: string, config: EventConfig, databaseUrl: string): Promise<EventTransport> {
  checkEventConfig(app, config);
  if (config.PLEIN_EVENTS === 'embedded') return EmbeddedLog.open({ databaseUrl });
  return KafkaTransport.connect({
    brokers: config.KAFKA_BROKERS!,
    clientId: `plein-${app}`,
    ssl: config.KAFKA_SSL,
    sasl: config.KAFKA_SASL_MECHANISM
      ? { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME!, password: config.KAFKA_SASL_PASSWORD! }
      : undefined,
    replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    databaseUrl,
  });
}
