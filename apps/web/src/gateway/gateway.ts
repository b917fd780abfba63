import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { WEB_CONFIG } from '../auth/login.js';
import type { WebConfig } from '../settings.js';
import { Sealer } from '../session/sealed.js';
import { tokensOf } from '../session/session.js';
import type { Operation } from './operations.js';

export interface GraphQLError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface Answer<T> {
  data: T | null;
  errors: GraphQLError[];
}

/** The session ended (or never began): the page sends the person to log in. */
export class LoginRequired extends Error {}

const TIMEOUT_MS = 15_000;

/**
 * Calls the plein's API as the person logged in, with their token from the session and, for a
 * caseworker, the purpose they chose. Only the operations in operations.ts are sent: they are
 * the pages' complete list of documents (trusted documents for the gateway).
 */
@Injectable()
export class Gateway {
  constructor(
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
    @Inject(Sealer) private readonly sealer: Sealer,
  ) {}

  async run<T>(req: Request, operation: Operation<T>, variables: Record<string, unknown> = {}, purpose?: string): Promise<Answer<T>> {
    const tokens = tokensOf(req, this.sealer);
    if (!tokens) throw new LoginRequired();
    const res = await fetch(this.config.GATEWAY_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens.accessToken}`,
        ...(purpose ? { 'x-plein-purpose': purpose } : {}),
      },
      body: JSON.stringify({ query: operation.document, variables }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (res.status === 401) throw new LoginRequired();
    const body = (await res.json().catch(() => ({}))) as { data?: T | null; errors?: GraphQLError[] };
    return { data: body.data ?? null, errors: body.errors ?? (res.ok ? [] : [{ message: `HTTP ${res.status}` }]) };
  }
}
