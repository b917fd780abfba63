import { readFileSync } from 'node:fs';

// ESM Jest (NestJS 12 is ESM-only): run with --experimental-vm-modules, see package.json.
// The tests compile as the build does (.swcrc: decorators and their metadata, as Nest needs them),
// with inline source maps and without the build's exclusion of test files.
const build = JSON.parse(readFileSync(new URL('./.swcrc', import.meta.url), 'utf8'));
const swc = ['@swc/jest', { ...build, exclude: [], swcrc: false, sourceMaps: 'inline' }];

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@plein/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  setupFiles: ['<rootDir>/tests/support/setup-env.ts'],
};

export default {
  // Global in Jest, not per project: it orders the e2e files (see there) and leaves the others in Jest's order.
  testSequencer: '<rootDir>/tests/support/e2e-sequencer.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/tests/integration/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.spec.ts'],
      // Each test drives a whole plein of 16 processes: on a busy machine 5 s is not enough for one request.
      testTimeout: 30_000,
      globalSetup: '<rootDir>/tests/support/e2e-setup.js',
      globalTeardown: '<rootDir>/tests/support/e2e-teardown.js',
    },
  ],
};
