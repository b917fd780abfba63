import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { ConsentModule } from './consent.module.js';
import { consentSettings } from './settings.js';

serveApp('consent', consentSettings, (config) => ConsentModule.forRoot(config, verifierSettings(config, 'consent')));
