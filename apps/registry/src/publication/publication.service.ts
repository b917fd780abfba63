import { Inject, Injectable, Logger } from '@nestjs/common';
import { ForbiddenError, type Caller } from '@plein/auth';
import { DomainError } from '@plein/domain';
import { createEvent, EventTypes } from '@plein/events';
import { RegistryRepository } from '../persistence/registry.repository.js';
import type { AgencyRow, SubgraphRow, SupergraphVersionRow } from '../persistence/registry.entities.js';
import { CompositionFailedError, PublicationErrorCode, compose, type SubgraphSource } from './composition.js';
import { capabilitiesOf, validateAgency, validateSubmission, type AgencySubmission, type SubgraphSubmission } from './publication.js';

/** The plein's own OIN: the source of the registry's events. */
export const PLEIN_OIN = Symbol('PLEIN_OIN');

export interface PublicationOutcome {
  subgraph: SubgraphRow;
  supergraph: SupergraphVersionRow;
  /** False when the submission equalled the live subgraph and nothing changed. */
  changed: boolean;
}

@Injectable()
export class PublicationService {
  private readonly logger = new Logger('publication');

  constructor(
    @Inject(RegistryRepository) private readonly repository: RegistryRepository,
    @Inject(PLEIN_OIN) private readonly pleinOin: string,
  ) {}

  registerAgency(submission: AgencySubmission): Promise<AgencyRow> {
    return this.repository.upsertAgency(validateAgency(submission));
  }

  /**
   * Registers or updates a subgraph. It is composed with every live subgraph first; if
   * composition fails the submission is refused with the errors and nothing is stored.
   */
  async registerSubgraph(input: SubgraphSubmission, caller: Caller): Promise<PublicationOutcome> {
    const submission = validateSubmission(input);
    const agency = await this.repository.agency(submission.agencyKey);
    if (!agency) {
      throw new DomainError(PublicationErrorCode.UNKNOWN_AGENCY, `No agency "${submission.agencyKey}" is registered on the plein.`);
    }
    if (caller.org !== agency.oin)
      throw new ForbiddenError(`Publishers act only for their own agency; this token is for organisation ${caller.org}.`);
    const outcome = await this.repository.publish(async (unit) => {
      const live = await unit.subgraphs();
      const current = live.find((s) => s.name === submission.name);
      if (current && current.agencyKey !== submission.agencyKey) {
        throw new DomainError(PublicationErrorCode.INVALID_SUBGRAPH, `Subgraph "${submission.name}" belongs to another agency.`);
      }
      const latest = await this.repository.latestSupergraph();
      if (current && latest && current.sdl === submission.sdl && current.routingUrl === submission.routingUrl) {
        return { subgraph: current, supergraph: latest, changed: false };
      }
      const candidate: SubgraphSource[] = [
        ...live.filter((s) => s.name !== submission.name),
        { name: submission.name, routingUrl: submission.routingUrl, sdl: submission.sdl },
      ];
      const composed = compose(candidate);
      if (!composed.ok) throw new CompositionFailedError(submission.name, composed.errors);

      const subgraph = {
        name: submission.name,
        agencyKey: submission.agencyKey,
        routingUrl: submission.routingUrl,
        sdl: submission.sdl,
        capabilities: capabilitiesOf(submission.sdl),
        revision: (current?.revision ?? 0) + 1,
      };
      await unit.saveSubgraph(subgraph);
      const composedFrom = Object.fromEntries([...live.filter((s) => s.name !== subgraph.name), subgraph].map((s) => [s.name, s.revision]));
      const supergraph = await unit.saveSupergraph({
        sdl: composed.supergraphSdl,
        composedFrom,
        reason: `${current ? 'updated' : 'added'} subgraph ${subgraph.name} (revision ${subgraph.revision})`,
      });
      const published = EventTypes.SUBGRAPH_PUBLISHED;
      await unit.announce(
        published.topic,
        createEvent({
          type: published.type,
          sourceOin: this.pleinOin,
          data: {
            subgraph: subgraph.name,
            agency: agency.key,
            agencyOin: agency.oin,
            revision: subgraph.revision,
            supergraphVersion: supergraph.id,
            capabilities: subgraph.capabilities,
          },
        }),
      );
      return { subgraph: { ...subgraph, updatedAt: new Date() }, supergraph, changed: true };
    });
    if (outcome.changed) this.logger.log(`supergraph v${outcome.supergraph.id}: ${outcome.supergraph.reason}`);
    return outcome;
  }
}
