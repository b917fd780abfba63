import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '@plein/auth';
import { asyncApiDocument, EventTypes, type AgencyEventType } from '@plein/events';
import { RegistryRepository } from '../persistence/registry.repository.js';
import { asAgencyEventType, EventTypesService } from './event-types.service.js';

/**
 * The live list of event types for machines: the dispatcher checks what is published against it,
 * and anyone can read the AsyncAPI document of everything the plein carries.
 */
@Controller()
@Public('event types and their schemas describe no one; they are the published contract of the plein')
export class EventTypesController {
  constructor(
    @Inject(EventTypesService) private readonly eventTypes: EventTypesService,
    @Inject(RegistryRepository) private readonly repository: RegistryRepository,
  ) {}

  /** With each type its publisher's OIN (only that organisation may publish it) and name. */
  @Get('event-types')
  async list(): Promise<Array<AgencyEventType & { agencyOin: string; agencyName: string }>> {
    const [types, agencies] = await Promise.all([this.eventTypes.list(), this.repository.agencies()]);
    const byKey = new Map(agencies.map((a) => [a.key, a]));
    return types.map((t) => ({
      ...asAgencyEventType(t),
      agencyOin: byKey.get(t.agencyKey)!.oin,
      agencyName: byKey.get(t.agencyKey)!.name,
    }));
  }

  @Get('asyncapi.json')
  async asyncApi(): Promise<unknown> {
    const registered = (await this.eventTypes.list()).map(asAgencyEventType);
    return asyncApiDocument([...Object.values(EventTypes), ...registered]);
  }
}
