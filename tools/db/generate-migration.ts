import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource, migrate, pendingSchemaChanges, startEmbeddedPostgres } from '@plein/persistence';
import { pleinApp } from '../plein/apps.js';

/**
 * npm run migration:generate -- <app> <Name>
 * Applies the app's checked-in migrations to a scratch database and writes a new migration
 * holding what its entities need beyond them. Review it before committing.
 */
async function main(): Promise<void> {
  const [appName, name] = process.argv.slice(2);
  if (!appName || !name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error('usage: npm run migration:generate -- <app> <PascalCaseName>');
  }
  const app = pleinApp(appName);
  if (!app.database || !app.migrationsDir) throw new Error(`${appName} has no database`);
  const dir = await mkdtemp(join(tmpdir(), 'plein-migration-'));
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: 54300 + Math.floor(Math.random() * 90) });
  try {
    const ds = createDataSource(app.database, { url: pg.url });
    await ds.initialize();
    await migrate(ds, app.database.schema);
    const { up, down } = await pendingSchemaChanges(ds);
    down.reverse();
    await ds.destroy();
    if (up.length === 0) {
      console.log(`${appName}: entities and migrations agree; nothing to generate.`);
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const file = join(app.migrationsDir, `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`);
    const lines = (qs: string[]) => qs.map((q) => `    await q.query(${JSON.stringify(q)});`).join('\n');
    await writeFile(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(q: QueryRunner): Promise<void> {\n${lines(up)}\n  }\n\n  async down(q: QueryRunner): Promise<void> {\n${lines(down)}\n  }\n}\n`,
    );
    console.log(`wrote ${file}; add ${className} to the app's migrations list`);
  } finally {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
