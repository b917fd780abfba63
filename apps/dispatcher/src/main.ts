import { authenticate, TokenVerifier } from '@plein/auth';
import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { DispatcherModule } from './dispatcher.module.js';
import { dispatcherSettings } from './settings.js';

serveApp(
  'dispatcher',
  dispatcherSettings,
  (config) => DispatcherModule.forRoot(config, verifierSettings(config, 'dispatcher')),
  // The event endpoint verifies its caller like /graphql does.
  (app) => void app.use('/events', authenticate(app.get(TokenVerifier))),
);
