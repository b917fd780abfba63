import { EmbeddedLog, outboxDatabase, OutboxRelay } from '@plein/events';
import { createDataSource } from '@plein/persistence';

/**
 * A relay in its own process, for the test that kills one mid-batch: it sends one batch,
 * reports that on stdout, then waits before marking the batch published — the window the
 * test kills it in.
 */
const url = process.env['DATABASE_URL']!;
const schema = process.env['OUTBOX_SCHEMA']!;
const pauseMs = Number(process.env['PAUSE_AFTER_SEND_MS'] ?? '60000');

const transport = await EmbeddedLog.open({ databaseUrl: url });
const send = transport.send.bind(transport);
transport.send = async (records) => {
  await send(records);
  process.stdout.write(`sent ${records.length}\n`);
  await new Promise((r) => setTimeout(r, pauseMs));
};
const dataSource = createDataSource({ schema, entities: [...outboxDatabase.entities], migrations: [] }, { url, poolSize: 2 });
await dataSource.initialize();
await new OutboxRelay(dataSource, schema, transport, { batchSize: Number(process.env['BATCH_SIZE'] ?? '50') }).relayOnce();
process.stdout.write('marked\n');
process.exit(0);
