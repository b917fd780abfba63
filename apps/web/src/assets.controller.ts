import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@plein/auth';

const require = createRequire(import.meta.url);

/** The pages' own styles and script live beside the sources; the build output finds them there. */
function ownAsset(name: string): string {
  for (const base of ['./assets/', '../../../../apps/web/src/assets/']) {
    const path = fileURLToPath(new URL(base + name, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`web asset ${name} not found`);
}

const FILES: Record<string, { path: () => string; type: string }> = {
  'utrecht.css': { path: () => require.resolve('@utrecht/component-library-css/dist/index.css'), type: 'text/css' },
  'theme.css': { path: () => require.resolve('@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css'), type: 'text/css' },
  'plein.css': { path: () => ownAsset('plein.css'), type: 'text/css' },
  'plein.js': { path: () => ownAsset('plein.js'), type: 'text/javascript' },
};

/** Read once at start: the assets never change while the app runs. */
const LOADED = new Map(Object.entries(FILES).map(([name, f]) => [name, { body: readFileSync(f.path()), type: f.type }]));

@Controller('assets')
@Public('styles and the one script of the web pages: no data')
export class AssetsController {
  @Get(':name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const file = LOADED.get(name);
    if (!file) throw new NotFoundException();
    res.type(`${file.type}; charset=utf-8`).setHeader('Cache-Control', 'public, max-age=3600').send(file.body);
  }
}
