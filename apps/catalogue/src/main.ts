import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { CatalogueModule } from './catalogue.module.js';
import { catalogueSettings } from './settings.js';

serveApp('catalogue', catalogueSettings, (config) => CatalogueModule.forRoot(config, verifierSettings(config, 'catalogue')));
