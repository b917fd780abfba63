import { Logger } from '@nestjs/common';
import type { Caller } from '@plein/auth';

const refusals = new Logger('refused');

/**
 * A refusal at the gateway, as one structured log line for misuse detection: who (organisation,
 * client, subject id — never a BSN), why, and when (the log line's time). The sources record
 * their own refusals in their processing logs.
 */
export function recordRefusal(reason: string, caller: Caller | null | undefined, details: Record<string, string> = {}): void {
  refusals.warn(
    JSON.stringify({
      refused: reason,
      org: caller?.org ?? null,
      client: caller?.clientId ?? null,
      subject: caller?.subject ?? null,
      ...details,
    }),
  );
}
