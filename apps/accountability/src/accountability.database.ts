import { outboxDatabase } from '@plein/events';
import { inTimestampOrder, type AppDatabase } from '@plein/persistence';
import { processingLogDatabase } from '@plein/processing-log';
import { CreateAccountability1796237321539 } from './migrations/1796237321539-create-accountability.js';
import { RefusalsWithoutSubject1796300000001 } from './migrations/1796300000001-refusals-without-subject.js';
import { SetAsideEntries1796500000000 } from './migrations/1796500000000-set-aside-entries.js';
import {
  AccessRecordEntity,
  ExplanationRequestEntity,
  MisuseSignalEntity,
  OrgThresholdsEntity,
  ProtectedResidentEntity,
  SignalActionEntity,
  SignalEvidenceEntity,
  SetAsideEntryEntity,
} from './accountability.entities.js';

export const accountabilityDatabase: AppDatabase = {
  schema: 'accountability',
  entities: [
    AccessRecordEntity,
    MisuseSignalEntity,
    SignalEvidenceEntity,
    SignalActionEntity,
    OrgThresholdsEntity,
    ProtectedResidentEntity,
    ExplanationRequestEntity,
    SetAsideEntryEntity,
    ...outboxDatabase.entities,
    ...processingLogDatabase.entities,
  ],
  migrations: inTimestampOrder([
    ...outboxDatabase.migrations,
    ...processingLogDatabase.migrations,
    CreateAccountability1796237321539,
    RefusalsWithoutSubject1796300000001,
    SetAsideEntries1796500000000,
  ]),
};
