import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import { RegistryRepository } from '../persistence/registry.repository.js';
import type { AgencyRow, SubgraphRow, SupergraphVersionRow } from '../persistence/registry.entities.js';
import { PublicationService, type PublicationOutcome } from './publication.service.js';
import {
  Agency,
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
    description: 'Registers or updates a subgraph; refused with the composition errors when it does not compose.',
  })
  @Allow(Role.AGENCY_PUBLISHER)
  registerSubgraph(@Args('input') input: RegisterSubgraphInput, @Context() ctx: RequestContext): Promise<PublicationOutcome> {
    return this.publication.registerSubgraph(input, requireCaller(ctx.caller));
  }
}
