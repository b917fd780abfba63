import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, databaseSettings, httpUrl, setting, type ConfigOf } from '@plein/config';
import { eventSettings } from '@plein/events';

export const catalogueSettings = {
  ...commonSettings,
  ...databaseSettings,
  ...authSettings,
  ...eventSettings,
  REGISTRY_URL: setting(httpUrl(), 'the registry, which knows which agency a publisher belongs to'),
  PLEIN_OIN: setting(z.string().regex(/^\d{20}$/, 'a 20-digit OIN'), "the plein's own OIN: the source of catalogue events"),
};

export type CatalogueSettingsConfig = ConfigOf<typeof catalogueSettings>;
