import { EntitySchema } from 'typeorm';
import type { AppDatabase } from '@plein/persistence';
import { CreateSessions1796171657629 } from '../migrations/1796171657629-create-sessions.js';

/** The session store's table, in the shape connect-pg-simple reads and writes. */
export interface WebSessionRow {
  sid: string;
  sess: Record<string, unknown>;
  expire: Date;
}

export const WebSessionEntity = new EntitySchema<WebSessionRow>({
  name: 'WebSession',
  tableName: 'session',
  indices: [{ name: 'IDX_session_expire', columns: ['expire'] }],
  columns: {
    sid: { type: 'varchar', primary: true },
    sess: { type: 'json' },
    expire: { type: 'timestamp', precision: 6 },
  },
});

export const webDatabase: AppDatabase = { schema: 'web', entities: [WebSessionEntity], migrations: [CreateSessions1796171657629] };
