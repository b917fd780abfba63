import { describe, expect, it } from '@jest/globals';
import { costCentre, summarise, type CpuProfile } from './cpu-profile.js';

describe('CPU profile summaries (npm run bench -- --profile)', () => {
  it('puts self time in packages, the module loader, Node internals and our files, idle left out, largest first', () => {
    const frame = (id: number, url: string, functionName = 'f') => ({ id, callFrame: { url, functionName } });
    const profile: CpuProfile = {
      nodes: [
        frame(1, '', '(idle)'),
        frame(2, 'file:///srv/node_modules/@nestjs/core/router/router-execution-context.js'),
        frame(3, 'node:internal/modules/esm/resolve'),
        frame(4, 'file:///srv/dist/apps/gateway/src/main.bundle.js'),
        frame(5, 'file:///srv/node_modules/pg/lib/client.js'),
        frame(6, '', '(garbage collector)'),
      ],
      samples: [1, 1, 1, 2, 2, 3, 4, 4, 4, 5, 6],
      timeDeltas: [9_000, 9_000, 9_000, 1_000, 1_000, 500, 1_000, 1_000, 1_000, 250, 250],
    };
    const summary = summarise(profile);
    expect(summary.busyMs).toBeCloseTo(6, 5);
    expect(summary.top.map((t) => t.where)).toEqual([
      'dist/apps/gateway/src/main.bundle.js',
      '@nestjs/core',
      'node: module loader',
      'pg',
      '(garbage collector)',
    ]);
    expect(summary.top[0]!.share).toBeCloseTo(0.5, 5);
    expect(summarise(profile, 2).top).toHaveLength(2);
  });

  it('names a frame without a file by its V8 state', () => {
    expect(costCentre('', '(program)')).toBe('(program)');
    expect(costCentre('node:net', 'connect')).toBe('node:net');
    expect(costCentre('node:internal/deps/cjs-module-lexer/lexer', 'parse')).toBe('node: module loader');
  });
});
