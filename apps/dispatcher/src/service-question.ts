import type { ServiceAccountToken } from '@plein/auth';

/**
 * Asks another app of the plein one GraphQL question as the dispatcher's own service account.
 * Throws, saying why, when there is no answer: the caller decides whether that is a retry or a 503,
 * never a guess.
 */
export async function askAsService<T>(
  url: string,
  token: ServiceAccountToken,
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await token.authorization() },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(5_000),
    redirect: 'error',
  });
  const answer = (await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }))) as {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string }>;
  };
  if (answer.errors?.length || !answer.data || !(field in answer.data)) throw new Error(answer.errors?.[0]?.message ?? 'no answer');
  return answer.data[field] as T;
}
