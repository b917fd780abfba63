import 'reflect-metadata';
import { Logger, Module, type DynamicModule, type INestApplication, type LogLevel, type Type } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { TokenVerifier, authSettings, authenticate, refuseDevelopmentIssuer } from '@plein/auth';
import { commonSettings, loadConfig, tellSupervisorListening, type ConfigOf, type SettingsShape } from '@plein/config';
import { DomainErrorFilter } from './domain-error.filter.js';
import { APP_NAME, HealthController } from './health.controller.js';
import { MetricsController, metricsMiddleware } from './metrics.js';

export interface RunAppOptions {
  name: string;
  port: number;
  host: string;
  logLevel?: 'error' | 'warn' | 'log' | 'debug';
  /** Middleware of the app's own, set up before it listens (the web pages' sessions and headers). */
  configure?: (app: INestApplication) => void | Promise<void>;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Boots one deployable: the app's module plus /health (live, ready) and /metrics endpoints, listening on the given
 * port, closing cleanly (in-flight requests, database pool) on SIGINT and SIGTERM.
 */
export async function runApp(root: Type | DynamicModule, options: RunAppOptions): Promise<INestApplication> {
  @Module({
    imports: [root, DiscoveryModule],
    controllers: [HealthController, MetricsController],
    providers: [{ provide: APP_NAME, useValue: options.name }],
  })
  class AppRoot {}

  const level = options.logLevel ?? 'log';
  const app = await NestFactory.create(AppRoot, {
    logger: LEVELS.slice(0, LEVELS.indexOf(level) + 1),
    bufferLogs: false,
  });
  app.use(metricsMiddleware);
  // Every app verifies the caller itself before GraphQL runs: 401 and no data otherwise.
  app.use('/graphql', authenticate(app.get(TokenVerifier)));
  app.useGlobalFilters(new DomainErrorFilter());
  await options.configure?.(app);
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  // Idle keep-alive connections are closed by the client, never by this server: a server that
  // closes one just as the client reuses it fails that request with ECONNRESET (seen between the
  // gateway and a subgraph under parallel calls). Clients' pools let idle sockets go well before this.
  const server = app.getHttpServer() as { keepAliveTimeout: number; headersTimeout: number };
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await app.listen(options.port, options.host);
  tellSupervisorListening();
  // Started by a supervisor (the embedded runtime) over IPC: leave with it, even when it was
  // killed outright, rather than linger as an orphan holding a port.
  if (process.send) process.once('disconnect', () => void app.close().finally(() => process.exit(0)));
  new Logger(options.name).log(`listening on http://${options.host}:${options.port}`);
  return app;
}

/**
 * Everything a deployable's main.ts does: read and validate its settings, build its module
 * from them, serve it.
 */
export function serveApp<S extends SettingsShape & typeof commonSettings & typeof authSettings>(
  name: string,
  settings: S,
  module: (config: ConfigOf<S>) => Type | DynamicModule,
  configure?: (app: INestApplication, config: ConfigOf<S>) => void | Promise<void>,
): void {
  startOrExit(async () => {
    const config = loadConfig(name, settings);
    await refuseDevelopmentIssuer({ authServerUrl: config.KEYCLOAK_URL, realm: config.KEYCLOAK_REALM });
    await runApp(module(config), {
      name,
      port: config.PORT,
      host: config.HOST,
      logLevel: config.LOG_LEVEL,
      ...(configure ? { configure: (app: INestApplication) => configure(app, config) } : {}),
    });
  });
}

/** Runs `main` and turns a start-up failure into a one-line message and a non-zero exit. */
export function startOrExit(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
