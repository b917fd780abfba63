import { z } from 'zod';
import { authSettings } from '@plein/auth';
import { commonSettings, databaseSettings, httpUrl, setting, type ConfigOf } from '@plein/config';
import { consentClientSettings } from '@plein/consent-client';
import { eventSettings } from '@plein/events';
import { logboekSettings } from '@plein/subgraph-kit';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from './delivery/retry-schedule.js';

export const dispatcherSettings = {
  ...commonSettings,
  ...databaseSettings,
  ...authSettings,
  ...eventSettings,
  ...logboekSettings,
  ...consentClientSettings,
  PSEUDONYM_KEY: setting(
    z.string().min(32, 'at least 32 characters'),
    'key of resident pseudonyms: a published event names its resident by one',
    true,
  ),
  REGISTRY_URL: setting(httpUrl(), 'the registry, which lists the event types organisations publish'),
  CONSENT_URL: setting(httpUrl(), "the consent service's GraphQL endpoint: asked whether a subscriber has a basis for an event"),
  EVENT_ROUTER_CLIENT_ID: setting(
    z.string().min(1).default('plein-dispatcher'),
    "the dispatcher's own service account (realm role event-router), for asking the consent service and the population register",
  ),
  EVENT_ROUTER_CLIENT_SECRET: setting(z.string().min(1), 'its client secret', true),
  RESIDENCE_URL: setting(
    httpUrl(),
    'the population register (GraphQL, Query.residence): asked in which municipality the resident of an early-warning signal is registered',
  ),
  RESIDENCE_AUDIENCE: setting(z.string().min(1).default('gemeente'), "the population register's audience, for the dispatcher's own token"),
  DISPATCHER_PUBLIC_URL: setting(
    httpUrl(),
    "where publishers post events (POST /events) and integrators read an event's details (its dataref, GET /events/<id>/data)",
  ),
  WEBHOOK_ALLOW_LOOPBACK_HTTP: setting(
    z.stringbool().default(false),
    'development only: accept http:// webhook URLs to loopback; production accepts https only',
  ),
  DELIVERY_TIMEOUT_MS: setting(z.coerce.number().int().min(100).max(60_000).default(5_000), 'time a receiver has to answer one delivery'),
  DELIVERY_RETRY_SCHEDULE: setting(
    z
      .string()
      .default(DEFAULT_RETRY_SCHEDULE)
      .transform((text, ctx) => {
        try {
          return parseRetrySchedule(text);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
          return z.NEVER;
        }
      }),
    'delays before the 2nd, 3rd, … attempt of a failed delivery (e.g. 5s,5m,30m,2h,5h,10h,10h, ±20 % jitter); after the last, a dead letter and the subscription paused',
  ),
  SUBSCRIPTION_SYNC_MS: setting(
    z.coerce.number().int().min(100).max(600_000).default(60_000),
    'how often an instance looks for subscription changes it was not told of (every change notifies all instances at once; this catches one missed while the listening connection was lost)',
  ),
};

export type DispatcherConfig = ConfigOf<typeof dispatcherSettings>;

/** Nest's token for the dispatcher's settings. */
export const DISPATCHER_CONFIG = Symbol('DISPATCHER_CONFIG');
