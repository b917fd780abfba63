import { authenticate, TokenVerifier } from '@plein/auth';
import { serveApp, verifierSettings } from '@plein/subgraph-kit';
import { AccountabilityModule } from './accountability.module.js';
import { accountabilitySettings } from './settings.js';

serveApp(
  'accountability',
  accountabilitySettings,
  (config) => AccountabilityModule.forRoot(config, verifierSettings(config, 'accountability')),
  // Sources' hand-overs and the reports verify their caller like /graphql does.
  (app) => {
    const verify = authenticate(app.get(TokenVerifier));
    app.use('/records', verify);
    app.use('/reports', verify);
  },
);
