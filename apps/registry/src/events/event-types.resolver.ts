import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import type { EventTypeRow } from '../persistence/registry.entities.js';
import { EventTypesService } from './event-types.service.js';
import { EventTypeRegistration, RegisterEventTypeInput, RegisteredEventType, ServiceOfAgency } from './event-types.types.js';

const view = (row: EventTypeRow): RegisteredEventType => ({ ...row, schema: JSON.stringify(row.schema) });

@Resolver()
export class EventTypesResolver {
  constructor(@Inject(EventTypesService) private readonly eventTypes: EventTypesService) {}

  @Query(() => [RegisteredEventType], {
    description: 'Event types organisations publish through the plein; what an integrator can subscribe to.',
  })
  @Allow(Role.PLEIN_ADMIN, Role.AGENCY_PUBLISHER, Role.INTEGRATOR)
  async registeredEventTypes(
    @Args('agencyKey', { type: () => String, nullable: true }) agencyKey?: string | null,
  ): Promise<RegisteredEventType[]> {
    return (await this.eventTypes.list(agencyKey ?? undefined)).map(view);
  }

  @Mutation(() => EventTypeRegistration, {
    description:
      'Registers an event type your organisation publishes, or changes it compatibly; refused with every problem, or with the changes that would break subscribers. With dryRun, only checks.',
  })
  @Allow(Role.AGENCY_PUBLISHER)
  async registerEventType(
    @Args('input') input: RegisterEventTypeInput,
    @Args('dryRun', { type: () => Boolean, defaultValue: false }) dryRun: boolean,
    @Context() ctx: RequestContext,
  ): Promise<EventTypeRegistration> {
    const { row, changed } = await this.eventTypes.register(requireCaller(ctx.caller), input, dryRun);
    return { eventType: view(row), changed, dryRun };
  }
}

/** The catalogue's services, each with the event types of the agency that offers it. */
@Resolver(() => ServiceOfAgency)
@Allow(Role.RESIDENT, Role.CASEWORKER, Role.AGENCY_PUBLISHER, Role.INTEGRATOR, Role.PLEIN_ADMIN)
export class ServiceEventTypesResolver {
  constructor(@Inject(EventTypesService) private readonly types: EventTypesService) {}

  @ResolveReference()
  resolveReference(ref: { id: string; agencyKey: string }): { id: string; agencyKey: string } {
    return ref;
  }

  @ResolveField(() => [RegisteredEventType])
  async eventTypes(@Parent() service: { agencyKey: string }): Promise<RegisteredEventType[]> {
    return (await this.types.list(service.agencyKey)).map(view);
  }
}
