import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, migrate, type AppDatabase } from '@plein/persistence';

/**
 * Opens the app's own database and applies its migrations before anything serves requests,
 * so a running app always has the schema its code expects.
 */
/** Ready when the pool answers and no migration is pending; the first check opens a few connections. */
class DatabaseReadiness {
  readonly readinessName = 'database';
  private warmed = false;

  constructor(private readonly dataSource: DataSource) {}

  async checkReadiness(): Promise<string> {
    if (!this.warmed) {
      // Connections opened now are not opened by the first requests, which have budgets to keep.
      await Promise.all(Array.from({ length: WARM_CONNECTIONS }, () => this.dataSource.query('SELECT 1')));
      this.warmed = true;
    } else {
      await this.dataSource.query('SELECT 1');
    }
    if (await this.dataSource.showMigrations()) throw new Error('migrations are pending');
    return 'reachable, migrations applied';
  }
}

const WARM_CONNECTIONS = 4;

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forApp(db: AppDatabase, url: string, poolSize?: number): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createDataSource(db, { url, ...(poolSize ? { poolSize } : {}) });
            await dataSource.initialize();
            await migrate(dataSource, db.schema);
            return dataSource;
          },
        },
        { provide: DatabaseReadiness, useFactory: (ds: DataSource) => new DatabaseReadiness(ds), inject: [DataSource] },
      ],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
