import { Inject, Injectable, Logger } from '@nestjs/common';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { ForbiddenError, TokenExchanger, type Caller } from '@plein/auth';
import { DomainError } from '@plein/domain';
import { createEvent, EventTypes } from '@plein/events';
import { RegistryRepository, type PublicationUnit } from '../persistence/registry.repository.js';
import type { AgencyRow, SubgraphRow, SupergraphVersionRow } from '../persistence/registry.entities.js';
import { apiChanges, BreakingChangeError, type SchemaChange } from './breaking-changes.js';
import { CompositionFailedError, PublicationErrorCode, apiSchemaOf, compose, type SubgraphSource } from './composition.js';
import { capabilitiesOf, validateAgency, validateSubmission, type AgencySubmission, type SubgraphSubmission } from './publication.js';

/** The plein's own OIN: the source of the registry's events. */
export const PLEIN_OIN = Symbol('PLEIN_OIN');
export const PUBLICATION_SETTINGS = Symbol('PUBLICATION_SETTINGS');
export interface PublicationSettings {
  /** Breaking changes block only when clients used what they touch within this many days. */
  usageWindowDays: number;
  /** Whether the routing URL must serve the submitted SDL (off only for tests of composition alone). */
  verifyRoutingUrl: boolean;
}

export interface PublicationOutcome {
  subgraph: SubgraphRow;
  supergraph: SupergraphVersionRow;
  /** False when the submission equalled the live subgraph and nothing changed. */
  changed: boolean;
  /** A dry run checked everything and stored nothing. */
  dryRun: boolean;
  /** What the publication changes (or would change) in the public API. */
  changes: SchemaChange[];
}

@Injectable()
export class PublicationService {
  private readonly logger = new Logger('publication');

  constructor(
    @Inject(RegistryRepository) private readonly repository: RegistryRepository,
    @Inject(PLEIN_OIN) private readonly pleinOin: string,
    @Inject(PUBLICATION_SETTINGS) private readonly settings: PublicationSettings,
    @Inject(TokenExchanger) private readonly exchanger: TokenExchanger,
  ) {}

  registerAgency(submission: AgencySubmission): Promise<AgencyRow> {
    return this.repository.upsertAgency(validateAgency(submission));
  }

  /**
   * Registers or updates a subgraph. The routing URL must serve exactly the submitted SDL; the
   * submission is composed with every live subgraph and compared with the live public API. It
   * is refused with the composition errors, or with the breaking changes to what clients used
   * in the usage window; a dry run checks it all and stores nothing.
   *
   * Publications that arrive together, or while another is being composed, are composed
   * together, once (a plein's start publishes a dozen subgraphs at once; each composition costs
   * a quarter of a second of this process's CPU). Should the batch not pass every check as one,
   * each is published on its own, in the order they came, so every publisher gets the verdict
   * its own submission earns: a publication never fails, or passes, because of another's.
   */
  async registerSubgraph(
    input: SubgraphSubmission,
    caller: Caller,
    options: { dryRun?: boolean; authorization?: string } = {},
  ): Promise<PublicationOutcome> {
    const submission = validateSubmission(input);
    const agency = await this.repository.agency(submission.agencyKey);
    if (!agency) {
      throw new DomainError(PublicationErrorCode.UNKNOWN_AGENCY, `No agency "${submission.agencyKey}" is registered on the plein.`);
    }
    if (caller.org !== agency.oin)
      throw new ForbiddenError(`Publishers act only for their own agency; this token is for organisation ${caller.org}.`);
    const request: PublicationRequest = { submission, agency, caller, authorization: options.authorization };
    if (options.dryRun) return (await this.publish([request], true))[0]!;
    return new Promise<PublicationOutcome>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      void this.drain();
    });
  }

  private readonly waiting: Array<{ request: PublicationRequest; resolve(o: PublicationOutcome): void; reject(e: unknown): void }> = [];
  private draining = false;

  /** Publishes what waits, a batch at a time, until nothing does. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      // Publications sent together reach this process a few milliseconds apart: a moment's wait
      // lets them compose as one rather than the first alone.
      await new Promise((r) => setTimeout(r, GATHER_MS));
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, MAX_BATCH);
        const together =
          batch.length > 1
            ? await this.publish(
                batch.map((b) => b.request),
                false,
              ).catch((e: unknown) => {
                this.logger.log(`${batch.length} publications are published one by one: together, ${(e as Error).message}`);
                return undefined;
              })
            : undefined;
        if (together) {
          batch.forEach((b, i) => b.resolve(together[i]!));
          continue;
        }
        for (const b of batch) await this.publish([b.request], false).then((o) => b.resolve(o[0]!), b.reject);
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * Publishes one submission, or several as one new supergraph version composed once. Throws,
   * storing nothing, with the first check that fails (ownership, composition, a breaking change
   * to what clients used, the routing URL); for a batch the caller then publishes each alone.
   * The outcomes are in the order of `requests`; each names the one version and all it changed
   * in the public API (what `supergraphVersions` shows anyone who may publish). A dry run, of
   * one submission, checks everything but the routing URL and stores nothing.
   */
  private async publish(requests: PublicationRequest[], dryRun: boolean): Promise<PublicationOutcome[]> {
    const names = requests.map((r) => r.submission.name);
    if (new Set(names).size < names.length) throw new Error('one subgraph twice in a batch');
    const outcomes = await this.repository.publish(async (unit) => {
      const live = await unit.subgraphs();
      const last = await unit.lastRevisions(names);
      const items = requests.map((request) => ({ request, current: live.find((s) => s.name === request.submission.name) }));
      // The owner is the agency of its last revision: a name a rollback took out of the supergraph
      // is still its agency's, not free for another to take.
      for (const { request } of items) {
        const owner = last.get(request.submission.name)?.agencyKey;
        if (owner !== undefined && owner !== request.submission.agencyKey)
          throw new DomainError(PublicationErrorCode.INVALID_SUBGRAPH, `Subgraph "${request.submission.name}" belongs to another agency.`);
      }
      const latest = await unit.latestSupergraph();
      const unchanged = ({ request: { submission }, current }: (typeof items)[number]) =>
        current !== undefined && latest !== null && current.sdl === submission.sdl && current.routingUrl === submission.routingUrl;
      const changing = items.filter((i) => !unchanged(i));
      const changed = new Set(changing.map((i) => i.request.submission.name));
      const kept = live.filter((s) => !changed.has(s.name));
      const unchangedOutcome = (current: SubgraphRow | undefined): PublicationOutcome => ({
        subgraph: current!,
        supergraph: latest!,
        changed: false,
        dryRun,
        changes: [],
      });
      if (changing.length === 0) return items.map(({ current }) => unchangedOutcome(current));

      const label = [...changed].join(', ');
      const composed = compose([
        ...kept,
        ...changing.map(({ request: { submission } }) => ({
          name: submission.name,
          routingUrl: submission.routingUrl,
          sdl: submission.sdl,
        })),
      ]);
      if (!composed.ok) throw new CompositionFailedError(label, composed.errors);
      const changes = await this.changesAgainstLive(latest, composed.apiSchema());
      if (changes.some((c) => c.criticality === 'BREAKING' && c.usedRecently))
        throw new BreakingChangeError(label, changes, this.settings.usageWindowDays);
      // A dry run comes before the new version is deployed: what its routing URL serves is
      // checked when it is published for real.
      if (this.settings.verifyRoutingUrl && !dryRun)
        await Promise.all(
          changing.map(({ request: { submission, authorization } }) =>
            this.checkRoutingUrl(submission.name, submission.routingUrl, submission.sdl, authorization),
          ),
        );

      const revisions = new Map(
        changing.map(({ request, current }) => [
          request.submission.name,
          { request, current, subgraph: nextRevision(request.submission, last.get(request.submission.name)?.revision ?? 0) },
        ]),
      );
      const publishedBy = [...new Set(changing.map((i) => i.request.caller.username))].join(', ');
      const supergraph = dryRun
        ? {
            id: (latest?.id ?? 0) + 1,
            sdl: composed.supergraphSdl,
            composedFrom: {},
            reason: 'dry run',
            publishedBy,
            changes,
            createdAt: new Date(),
          }
        : await this.store(unit, kept, [...revisions.values()], composed.supergraphSdl, publishedBy, changes);
      return items.map(({ request, current }): PublicationOutcome => {
        const published = revisions.get(request.submission.name);
        if (!published) return unchangedOutcome(current);
        return { subgraph: { ...published.subgraph, updatedAt: new Date() }, supergraph, changed: true, dryRun, changes };
      });
    });
    const version = outcomes.find((o) => o.changed)?.supergraph;
    if (version && !dryRun) this.logger.log(`supergraph v${version.id}: ${version.reason}`);
    return outcomes;
  }

  /** The new revisions and the version composed from them, announced when the transaction commits. */
  private async store(
    unit: PublicationUnit,
    kept: readonly SubgraphRow[],
    revisions: ReadonlyArray<{ request: PublicationRequest; current: SubgraphRow | undefined; subgraph: Omit<SubgraphRow, 'updatedAt'> }>,
    sdl: string,
    publishedBy: string,
    changes: SchemaChange[],
  ): Promise<SupergraphVersionRow> {
    for (const { request, subgraph } of revisions) await unit.saveSubgraph(subgraph, request.caller.username);
    const supergraph = await unit.saveSupergraph({
      sdl,
      composedFrom: Object.fromEntries([...kept, ...revisions.map((r) => r.subgraph)].map((s) => [s.name, s.revision])),
      reason: reasonFor(revisions.map(({ subgraph, current }) => ({ subgraph, added: !current }))),
      publishedBy,
      changes: changes.map(({ type, message, path, criticality }) => ({ type, message, path, criticality })),
    });
    for (const { request, subgraph } of revisions) await this.announce(unit, request.agency, subgraph.name, supergraph.id, subgraph);
    return supergraph;
  }

  /**
   * Restores the subgraphs as they were in an earlier supergraph version, as a new version (the
   * history keeps everything). For an administrator undoing a publication that hurt.
   */
  async rollback(toVersion: number, caller: Caller): Promise<SupergraphVersionRow> {
    return this.repository.publish(async (unit) => {
      const target = await unit.supergraphVersion(toVersion);
      if (!target) throw new DomainError('UNKNOWN_VERSION', `No supergraph version ${toVersion}.`);
      const live = await unit.subgraphs();
      const restored: SubgraphSource[] = [];
      const revisions = [];
      for (const [name, revision] of Object.entries(target.composedFrom)) {
        const row = await unit.revision(name, revision);
        if (!row)
          throw new DomainError(
            'UNKNOWN_VERSION',
            `Version ${toVersion} used ${name} revision ${revision}, which is not kept; it cannot be restored.`,
          );
        restored.push({ name, routingUrl: row.routingUrl, sdl: row.sdl });
        revisions.push(row);
      }
      const composed = compose(restored);
      if (!composed.ok) throw new CompositionFailedError(`rollback to v${toVersion}`, composed.errors);
      const changes = await this.changesAgainstLive(await unit.latestSupergraph(), composed.apiSchema());
      const composedFrom: Record<string, number> = {};
      const last = await unit.lastRevisions(revisions.map((r) => r.name));
      const restoredRevisions: Array<{ row: (typeof revisions)[number]; revision: number }> = [];
      for (const row of revisions) {
        const current = live.find((s) => s.name === row.name);
        if (current && current.sdl === row.sdl && current.routingUrl === row.routingUrl) {
          composedFrom[row.name] = current.revision;
          continue;
        }
        const revision = (last.get(row.name)?.revision ?? 0) + 1;
        await unit.saveSubgraph(
          {
            name: row.name,
            agencyKey: row.agencyKey,
            routingUrl: row.routingUrl,
            sdl: row.sdl,
            capabilities: capabilitiesOf(row.sdl),
            revision,
          },
          caller.username,
        );
        composedFrom[row.name] = revision;
        restoredRevisions.push({ row, revision });
      }
      const gone = live.filter((s) => !(s.name in target.composedFrom));
      for (const subgraph of gone) await unit.removeSubgraph(subgraph.name);
      const supergraph = await unit.saveSupergraph({
        sdl: composed.supergraphSdl,
        composedFrom,
        reason: `rolled back to v${toVersion}`,
        publishedBy: caller.username,
        changes: changes.map(({ type, message, path, criticality }) => ({ type, message, path, criticality })),
      });
      // Announced like any publication, so gateways and aggregators follow at once — a removal
      // too: without it they would keep routing to the removed subgraph until their fallback poll.
      const announced = [
        ...restoredRevisions.map(({ row, revision }) => ({ ...row, published: { revision, capabilities: capabilitiesOf(row.sdl) } })),
        ...gone.map((subgraph) => ({ ...subgraph, published: undefined })),
      ];
      for (const { agencyKey, name, published } of announced) {
        const agency = await this.repository.agency(agencyKey);
        if (agency) await this.announce(unit, agency, name, supergraph.id, published);
      }
      this.logger.log(`supergraph v${supergraph.id}: rolled back to v${toVersion} by ${caller.username}`);
      return supergraph;
    });
  }

  private async changesAgainstLive(live: SupergraphVersionRow | null, next: import('graphql').GraphQLSchema): Promise<SchemaChange[]> {
    if (!live) return [];
    return apiChanges(apiSchemaOf(live.sdl), next, (coordinates) => this.repository.usedSince(coordinates, this.settings.usageWindowDays));
  }

  /**
   * The routing URL must answer `_service { sdl }` with the SDL submitted: what is published is
   * what runs. It is asked with a token for that subgraph alone: the URL is the publisher's to
   * choose, and may be anyone's.
   */
  private async checkRoutingUrl(name: string, routingUrl: string, sdl: string, authorization: string | undefined): Promise<void> {
    let served: string | undefined;
    try {
      const credential = name === this.exchanger.clientId ? authorization : await this.exchanger.authorizationFor(authorization, name);
      const res = await fetch(routingUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(credential ? { authorization: credential } : {}) },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
        signal: AbortSignal.timeout(5_000),
        redirect: 'error',
      });
      const body = (await res.json()) as { data?: { _service?: { sdl?: string } } };
      served = body.data?._service?.sdl;
    } catch (e) {
      throw new DomainError(
        PublicationErrorCode.SDL_MISMATCH,
        `The routing URL ${routingUrl} could not be asked for its schema: ${(e as Error).message}.`,
      );
    }
    if (served === undefined)
      throw new DomainError(PublicationErrorCode.SDL_MISMATCH, `The routing URL ${routingUrl} does not answer _service { sdl }.`);
    if (!sameSubgraphSchema(served, sdl))
      throw new DomainError(
        PublicationErrorCode.SDL_MISMATCH,
        `The routing URL ${routingUrl} serves a different schema than the one submitted.`,
      );
  }

  /**
   * A subgraph's change in the supergraph, sent if the transaction commits: `published` with the
   * revision now live, or without it the subgraph's removal.
   */
  private async announce(
    unit: PublicationUnit,
    agency: AgencyRow,
    subgraph: string,
    supergraphId: number,
    published?: Pick<SubgraphRow, 'revision' | 'capabilities'>,
  ): Promise<void> {
    const type = published ? EventTypes.SUBGRAPH_PUBLISHED : EventTypes.SUBGRAPH_REMOVED;
    await unit.announce(
      type.topic,
      createEvent({
        type: type.type,
        sourceOin: this.pleinOin,
        data: {
          subgraph,
          agency: agency.key,
          agencyOin: agency.oin,
          ...(published ? { revision: published.revision, capabilities: published.capabilities } : {}),
          supergraphVersion: supergraphId,
        },
      }),
    );
  }
}

/** At most this many publications composed together: a batch that fails is published one by one. */
const MAX_BATCH = 32;
/** How long a publication that finds the registry idle waits for others sent with it. */
const GATHER_MS = 25;

interface PublicationRequest {
  submission: ReturnType<typeof validateSubmission>;
  agency: AgencyRow;
  caller: Caller;
  authorization: string | undefined;
}

function nextRevision(submission: PublicationRequest['submission'], lastRevision: number): Omit<SubgraphRow, 'updatedAt'> {
  return {
    name: submission.name,
    agencyKey: submission.agencyKey,
    routingUrl: submission.routingUrl,
    sdl: submission.sdl,
    capabilities: capabilitiesOf(submission.sdl),
    revision: lastRevision + 1,
  };
}

/** A supergraph version's reason: what its publication added or updated. */
function reasonFor(published: ReadonlyArray<{ subgraph: Pick<SubgraphRow, 'name' | 'revision'>; added: boolean }>): string {
  return published
    .map(({ subgraph, added }) => `${added ? 'added' : 'updated'} subgraph ${subgraph.name} (revision ${subgraph.revision})`)
    .join(', ');
}

/**
 * Whether two subgraph SDLs describe the same schema: a subgraph library prints its SDL its own
 * way (order, spacing, the federation link), so both are built and printed alike first.
 */
function sameSubgraphSchema(a: string, b: string): boolean {
  const canonical = (sdl: string) => printSubgraphSchema(buildSubgraphSchema(parse(sdl)));
  try {
    return canonical(a) === canonical(b);
  } catch {
    return false;
  }
}
