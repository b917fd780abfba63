import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, migrate, type AppDatabase } from '@plein/persistence';

/**
 * Opens the app's own database and applies its migrations before anything serves requests,
 * so a running app always has the schema its code expects.
 */
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
      ],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
