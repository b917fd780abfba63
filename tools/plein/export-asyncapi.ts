import { writeFile } from 'node:fs/promises';
import { asyncApiDocument } from '@plein/events';

/** npm run asyncapi:export: writes docs/asyncapi.json from the event catalogue. */
await writeFile('docs/asyncapi.json', JSON.stringify(asyncApiDocument(), null, 2) + '\n');
console.log('wrote docs/asyncapi.json');
