import { parseArgs } from 'node:util';
import { loadRuntimeConfig } from './config.js';
import { householdCount, seedPopulation } from './seeding.js';
import { PleinRuntime, savePopulation } from './runtime.js';

/**
 * npm run seed -- --households N --seed S
 * Replaces the demo population (embedded database unless DATABASE_URL is set).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { households: { type: 'string' }, seed: { type: 'string' } } });
  const config = loadRuntimeConfig({
    ...process.env,
    ...(values.households ? { PLEIN_HOUSEHOLDS: values.households } : {}),
    ...(values.seed ? { PLEIN_SEED: values.seed } : {}),
  });
  const runtime = new PleinRuntime(config, (app, line) => console.log(`[${app}] ${line}`));
  const databaseUrl = await runtime.prepareDatabase();
  try {
    const spec = { households: config.PLEIN_HOUSEHOLDS, seed: config.PLEIN_SEED };
    const report = await seedPopulation(databaseUrl, spec, console.log);
    const population = await savePopulation(config.PLEIN_HOME, spec);
    console.log(
      `seeded ${report.households} households, ${report.persons} persons, ${report.awards} income awards in ${report.seconds.toFixed(1)} s (${await householdCount(databaseUrl)} in the register)`,
    );
    console.log(`demo household: ${population.demoHouseholdId}`);
  } finally {
    await runtime.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
