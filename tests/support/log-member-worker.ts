import { EmbeddedLog } from '@plein/events';

/**
 * A member of an embedded-log consumer group in its own process, for the test that kills one:
 * it joins GROUP on TOPIC and reports on stdout how many partitions it holds whenever that changes.
 */
const log = await EmbeddedLog.open({ databaseUrl: process.env['DATABASE_URL']!, pollMs: 100 });
const consumer = await log.consume({ groupId: process.env['GROUP']!, topics: [process.env['TOPIC']!], handle: async () => undefined });
let reported = -1;
setInterval(() => {
  const held = consumer.assignment().length;
  if (held !== reported) process.stdout.write(`holds ${(reported = held)}\n`);
}, 20);
