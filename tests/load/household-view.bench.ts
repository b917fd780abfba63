import { TokenExchanger } from '@plein/auth';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import autocannon from 'autocannon';
import { setOfficeHours } from '../support/misuse-thresholds.js';
import { freePort } from '../support/ports.js';
import type { PleinUnderTest } from '../support/plein.js';

export const VIEW_QUERY = /* GraphQL */ `
  query View($id: ID!) {
    household(id: $id) {
      id
      members {
        bsn
        givenName
        familyName
      }
      incomeOverview {
        totalMonthlyCents
        complete
        members {
          name
          totalMonthlyCents
          streams {
            agencyName
            schemeName
            amountCents
            period
            monthlyCents
          }
        }
        sources {
          agencyKey
          status
        }
      }
    }
  }
`;

/** The benchmark reads as a caseworker, with a real token, like every client. */
export const BENCH_CALLER = 'klantmanager.utrecht';

/**
 * Views measured as ordinary use. One caseworker opening a household as fast as the machine
 * allows is a burst to the accountable record, and out of office hours at night: every view
 * became evidence of two misuse signals, ~3 ms of CPU a view that ordinary views do not cost, and
 * a figure that depended on the hour it was taken. The caller's organisation keeps its office
 * open and sets no burst limit; the misuse figures (section M) measure signals.
 */
export function asOrdinaryUse(plein: PleinUnderTest): Promise<void> {
  return setOfficeHours(plein, 'security.utrecht', 'open all day', { burst: { windowSeconds: 60, count: 1_000_000 } });
}

export interface LoadFigures {
  p50: number;
  p99: number;
  requestsPerSecond: number;
  errors: number;
  /**
   * Views answered in time but without every source (one timed out under the load): a caseworker
   * sees them as incomplete, so they are counted apart rather than passed as views served.
   */
  incomplete: number;
}

/** The answer a caseworker can use: every source answered. */
function complete(body: string | Buffer | undefined): boolean {
  if (body === undefined) return false;
  try {
    const answer = JSON.parse(body.toString()) as { data?: { household?: { incomeOverview?: { complete?: boolean } } } };
    return answer.data?.household?.incomeOverview?.complete === true;
  } catch {
    return false;
  }
}

/** One run of household views (no warm-up). */
export async function load(url: string, householdId: string, seconds: number, connections: number, token: string): Promise<LoadFigures> {
  const body = JSON.stringify({ query: VIEW_QUERY, variables: { id: householdId } });
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-plein-purpose': 'schuldhulpverlening' },
    body,
    connections,
    duration: seconds,
    verifyBody: complete,
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    requestsPerSecond: result.requests.average,
    errors: result.errors + result.non2xx,
    // A non-2xx answer is an error already, not also an incomplete view.
    incomplete: Math.max(0, result.mismatches - result.non2xx),
  };
}

/** Latency and throughput of the household view at one GraphQL endpoint, after a warm-up. */
export async function measure(url: string, householdId: string, seconds: number, connections: number, token: string): Promise<LoadFigures> {
  await load(url, householdId, 5, connections, token); // JIT, connection pools, query plan cache, Postgres buffers
  return load(url, householdId, seconds, connections, token);
}

/**
 * Two endpoints over the same subgraphs, measured fairly: both warmed up, then measured in
 * alternating rounds so neither profits from the other having warmed the subgraphs; the
 * median round counts.
 */
export async function compare(
  a: string,
  b: string,
  householdId: string,
  seconds: number,
  connections: number,
  token: string,
  rounds = 3,
): Promise<[LoadFigures, LoadFigures]> {
  await load(a, householdId, 3, connections, token);
  await load(b, householdId, 3, connections, token);
  const ra: LoadFigures[] = [];
  const rb: LoadFigures[] = [];
  for (let i = 0; i < rounds; i++) {
    ra.push(await load(a, householdId, seconds / rounds, connections, token));
    rb.push(await load(b, householdId, seconds / rounds, connections, token));
  }
  return [median(ra), median(rb)];
}

function median(runs: LoadFigures[]): LoadFigures {
  const mid = <T>(xs: T[], key: (x: T) => number) => xs.map(key).sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return {
    p50: mid(runs, (r) => r.p50),
    p99: mid(runs, (r) => r.p99),
    requestsPerSecond: mid(runs, (r) => r.requestsPerSecond),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    incomplete: runs.reduce((s, r) => s + r.incomplete, 0),
  };
}

/**
 * A bare @apollo/gateway over the same subgraphs and supergraph as the plein's gateway: no
 * header forwarding, no Nest, nothing of the plein's own. The baseline for the overhead ratio.
 */
export async function startBareGateway(registryUrl: string, exchanger: TokenExchanger): Promise<{ url: string; stop(): Promise<void> }> {
  const res = await fetch(`${registryUrl}/supergraph`);
  const { sdl } = (await res.json()) as { sdl: string };
  // The subgraphs accept only a token addressed to them with the purpose bound in it, so even
  // the bare gateway exchanges the caller's token (cached, as the plein's does); it verifies nothing itself.
  type Forwarded = { authorization?: string; purpose?: string };
  class Forwarding extends RemoteGraphQLDataSource<Forwarded> {
    constructor(
      config: { url: string },
      private readonly audience: string,
    ) {
      super(config);
    }

    override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Forwarded>): Promise<void> {
      if (context.authorization)
        request.http?.headers.set('authorization', await exchanger.authorizationFor(context.authorization, this.audience, context.purpose));
    }
  }
  const gateway = new ApolloGateway({ supergraphSdl: sdl, buildService: ({ name, url }) => new Forwarding({ url: url! }, name) });
  const server = new ApolloServer<Forwarded>({ gateway, includeStacktraceInErrorResponses: false });
  const { url } = await startStandaloneServer(server, {
    listen: { port: await freePort(), host: '127.0.0.1' },
    context: async ({ req }) => ({
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      ...(typeof req.headers['x-plein-purpose'] === 'string' ? { purpose: req.headers['x-plein-purpose'] } : {}),
    }),
  });
  return { url, stop: () => server.stop() };
}

/** Requests each app served, read from its Prometheus endpoint. */
export async function servedRequests(plein: PleinUnderTest): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const app of plein.manifest.apps) {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    const total = text
      .split('\n')
      .filter((l) => l.startsWith('plein_http_requests_total{') && l.includes('path="/graphql"'))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    counts.set(app.name, total);
  }
  return counts;
}

/** Subgraph requests one household view causes, per app, over `views` sequential views. */
export async function requestsPerView(plein: PleinUnderTest, householdId: string, views: number): Promise<Map<string, number>> {
  await new Promise((r) => setTimeout(r, 1_000)); // requests of an earlier load run still in flight
  const before = await servedRequests(plein);
  for (let i = 0; i < views; i++) await plein.gql(BENCH_CALLER, VIEW_QUERY, { id: householdId });
  const after = await servedRequests(plein);
  const perView = new Map<string, number>();
  for (const [app, n] of after) if (app !== 'gateway') perView.set(app, (n - (before.get(app) ?? 0)) / views);
  return perView;
}
