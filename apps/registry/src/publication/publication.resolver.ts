import { Inject } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DomainError } from '@plein/domain';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import { RegistryRepository } from '../persistence/registry.repository.js';
import type { AgencyRow, SubgraphRow, SupergraphVersionRow } from '../persistence/registry.entities.js';
import { PublicationService, type PublicationOutcome } from './publication.service.js';
import {
  Agency,
  FieldUsageInput,
  RegisterAgencyInput,
  RegisterSubgraphInput,
  Subgraph,
  SubgraphRegistration,
  SupergraphVersion,
} from './publication.types.js';

@Resolver()
export class PublicationResolver {
  constructor(
    @Inject(PublicationService) private readonly publication: PublicationService,
    @Inject(RegistryRepository) private readonly repository: RegistryRepository,
  ) {}

  @Query(() => [Agency], { description: 'Agencies on the plein.' })
  @Allow(Role.PLEIN_ADMIN, Role.AGENCY_PUBLISHER)
  agencies(): Promise<AgencyRow[]> {
    return this.repository.agencies();
  }

  @Query(() => [Subgraph], { description: 'Registered subgraphs.' })
  @Allow(Role.PLEIN_ADMIN, Role.AGENCY_PUBLISHER)
  subgraphs(): Promise<SubgraphRow[]> {
    return this.repository.subgraphs();
  }

  @Query(() => SupergraphVersion, { nullable: true, description: 'The live supergraph.' })
  @Allow(Role.PLEIN_ADMIN, Role.AGENCY_PUBLISHER)
  liveSupergraph(): Promise<SupergraphVersionRow | null> {
    return this.repository.latestSupergraph();
  }

  @Mutation(() => Agency)
  @Allow(Role.PLEIN_ADMIN)
  registerAgency(@Args('input') input: RegisterAgencyInput): Promise<AgencyRow> {
    return this.publication.registerAgency(input);
  }

  @Mutation(() => SubgraphRegistration, {
    description:
      'Publishes a subgraph of your own agency; refused with the composition errors, or with the breaking changes to what clients used recently. With dryRun, only checks.',
  })
  @Allow(Role.AGENCY_PUBLISHER)
  registerSubgraph(
    @Args('input') input: RegisterSubgraphInput,
    @Args('dryRun', { type: () => Boolean, defaultValue: false }) dryRun: boolean,
    @Context() ctx: RequestContext,
  ): Promise<PublicationOutcome> {
    return this.publication.registerSubgraph(input, requireCaller(ctx.caller), {
      dryRun,
      authorization: ctx.forwardHeaders['authorization'],
    });
  }

  @Query(() => [SupergraphVersion], { description: 'Supergraph versions, newest first: who published what, and what it changed.' })
  @Allow(Role.PLEIN_ADMIN, Role.AGENCY_PUBLISHER)
  supergraphVersions(): Promise<SupergraphVersionRow[]> {
    return this.repository.supergraphVersions();
  }

  @Mutation(() => SupergraphVersion, { description: 'Restores the subgraphs of an earlier version, as a new version.' })
  @Allow(Role.PLEIN_ADMIN)
  rollbackSupergraph(
    @Args('toVersion', { type: () => Int }) toVersion: number,
    @Context() ctx: RequestContext,
  ): Promise<SupergraphVersionRow> {
    return this.publication.rollback(toVersion, requireCaller(ctx.caller));
  }

  @Mutation(() => Boolean, { description: 'Gateways report which schema coordinates clients used (counts only, nothing about callers).' })
  @Allow(Role.PLEIN_ADMIN)
  async reportFieldUsage(@Args('usage', { type: () => [FieldUsageInput] }) usage: FieldUsageInput[]): Promise<boolean> {
    if (usage.length > 10_000) throw new DomainError('INVALID_USAGE', 'At most 10,000 coordinates per report.');
    for (const u of usage)
      if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(u.coordinate) || u.count < 0)
        throw new DomainError('INVALID_USAGE', `"${u.coordinate.slice(0, 100)}" is not a schema coordinate with a count.`);
    await this.repository.recordUsage(usage);
    return true;
  }
}
