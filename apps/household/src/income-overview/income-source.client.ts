import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { TokenExchanger } from '@plein/auth';
import { PAYMENT_PERIODS, type PaymentPeriod } from '@plein/domain';
import { INCOME_STREAMS_V1_FIELD, INCOME_STREAMS_V1_QUERY, type IncomeStreamV1 } from '@plein/income-contract';
import type { IncomeProvider } from '../providers/provider-directory.js';
import { askPeer } from '@plein/peer-request';
import type { SourceAnswer } from './income-overview.js';

const streamSchema = z.object({
  id: z.string().min(1),
  bsn: z.string().regex(/^\d{9}$/),
  scheme: z.string().min(1),
  schemeName: z.string(),
  amountCents: z.number().int(),
  period: z.enum(PAYMENT_PERIODS as [PaymentPeriod, ...PaymentPeriod[]]),
  startDate: z.string(),
  endDate: z.string().nullable(),
});
const responseSchema = z.object({
  data: z
    .object({ [INCOME_STREAMS_V1_FIELD]: z.array(streamSchema) })
    .nullable()
    .optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});

/** What a source receives besides its own token: the W3C trace context. */
const FORWARDED = ['traceparent', 'tracestate'] as const;

/**
 * Asks one provider for the income streams of all household members in one call, within
 * the time budget, and turns every way it can fail into a status instead of an exception. The
 * provider gets a token addressed to it alone (token exchange), never the caller's.
 */
@Injectable()
export class IncomeSourceClient {
  constructor(@Inject(TokenExchanger) private readonly exchanger: TokenExchanger) {}

  async fetchStreams(
    provider: IncomeProvider,
    bsns: readonly string[],
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<SourceAnswer> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    let authorization: string;
    try {
      authorization = await this.exchanger.authorizationFor(headers['authorization'], provider.subgraph);
    } catch {
      return { provider, status: 'UNAVAILABLE', message: 'No credential for this source could be obtained.', durationMs: elapsed() };
    }
    const forwarded = Object.fromEntries(FORWARDED.filter((h) => headers[h]).map((h) => [h, headers[h]!]));
    const reply = await askPeer(
      provider.routingUrl,
      { ...forwarded, authorization },
      JSON.stringify({ query: INCOME_STREAMS_V1_QUERY, variables: { bsns } }),
      { timeoutMs },
    );
    if (reply.kind === 'timeout')
      return { provider, status: 'TIMEOUT', message: `No answer within ${timeoutMs} ms.`, durationMs: elapsed() };
    if (reply.kind === 'unreachable')
      return { provider, status: 'UNAVAILABLE', message: 'The source could not be reached.', durationMs: elapsed() };
    if (reply.kind === 'too-large') {
      return { provider, status: 'INVALID_RESPONSE', message: 'The answer was larger than the contract allows.', durationMs: elapsed() };
    }
    if ((reply.status < 200 || reply.status >= 300) && !reply.json) {
      return { provider, status: 'UNAVAILABLE', message: `The source answered HTTP ${reply.status}.`, durationMs: elapsed() };
    }
    let parsed: z.infer<typeof responseSchema>;
    try {
      parsed = responseSchema.parse(JSON.parse(reply.text));
    } catch {
      return { provider, status: 'INVALID_RESPONSE', message: 'The answer does not follow the income contract.', durationMs: elapsed() };
    }
    const streams = parsed.data?.[INCOME_STREAMS_V1_FIELD];
    if (parsed.errors?.length || !streams) {
      const reason = parsed.errors?.[0]?.message ?? 'no data';
      return {
        provider,
        status: 'UNAVAILABLE',
        message: `The source answered with an error: ${reason.slice(0, 200)}`,
        durationMs: elapsed(),
      };
    }
    return { provider, status: 'OK', streams: streams as IncomeStreamV1[], durationMs: elapsed() };
  }
}
