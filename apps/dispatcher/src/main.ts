import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { DispatcherModule } from './dispatcher.module.js';
import { dispatcherSettings } from './settings.js';

serveApp('dispatcher', dispatcherSettings, (config) => DispatcherModule.forRoot(config, verifierSettings(config, 'dispatcher')));
