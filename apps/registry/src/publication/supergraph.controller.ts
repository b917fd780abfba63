import { BadRequestException, Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@plein/auth';
import { CATEGORY_CAPABILITY, HELD_BY_EVENTS } from '@plein/consent';
import { EventTypesService } from '../events/event-types.service.js';
import { RegistryRepository } from '../persistence/registry.repository.js';

/**
 * Machine-to-machine reads for the plein's own services: gateways poll the supergraph,
 * aggregators list the providers of a capability. ETags make an unchanged poll cost one
 * indexed lookup and no body.
 */
@Controller()
@Public('the composed schema and provider routing hold no personal data; gateways and aggregators poll them')
export class SupergraphController {
  constructor(
    @Inject(RegistryRepository) private readonly repository: RegistryRepository,
    @Inject(EventTypesService) private readonly eventTypes: EventTypesService,
  ) {}

  @Get('supergraph')
  async supergraph(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() res: Response): Promise<void> {
    const latestId = await this.repository.latestSupergraphId();
    if (latestId === null) {
      res.status(404).json({ error: 'No supergraph has been composed yet.' });
      return;
    }
    const etag = `"${latestId}"`;
    if (ifNoneMatch === etag) {
      res.status(304).end();
      return;
    }
    const latest = await this.repository.latestSupergraph();
    res.setHeader('ETag', `"${latest!.id}"`).json({ id: latest!.id, sdl: latest!.sdl, createdAt: latest!.createdAt });
  }

  /**
   * The live supergraph as a plain schema file, the form Apollo Router takes
   * (`router --supergraph supergraph.graphql`): a plein can be served by Router instead of
   * the Node gateway, from the same registry.
   */
  @Get('supergraph.graphql')
  async supergraphFile(@Res() res: Response): Promise<void> {
    const latest = await this.repository.latestSupergraph();
    if (!latest) {
      res.status(404).type('text/plain').send('No supergraph has been composed yet.\n');
      return;
    }
    res
      .setHeader('ETag', `"${latest.id}"`)
      .setHeader('Content-Disposition', 'attachment; filename="supergraph.graphql"')
      .type('text/plain')
      .send(latest.sdl);
  }

  /** Organisations on the plein by OIN, so a resident is shown who asks by name. */
  @Get('organisations')
  async organisations() {
    return (await this.repository.agencies()).map((a) => ({ key: a.key, name: a.name, oin: a.oin }));
  }

  @Get('providers')
  async providers(@Query('capability') capability: string | undefined) {
    if (!capability) throw new BadRequestException('Query parameter "capability" is required, e.g. income/v1.');
    const [subgraphs, agencies] = await Promise.all([this.repository.subgraphs(), this.repository.agencies()]);
    const byKey = new Map(agencies.map((a) => [a.key, a]));
    // A category announced in events is held by the organisations that registered such a type: no subgraph to route to.
    const announced = HELD_BY_EVENTS.find((c) => CATEGORY_CAPABILITY[c] === capability);
    if (announced) {
      const holders = new Set((await this.eventTypes.list()).filter((t) => t.category === announced).map((t) => t.agencyKey));
      return [...holders].sort().map((key) => {
        const agency = byKey.get(key)!;
        return { subgraph: null, routingUrl: null, agency: { key: agency.key, name: agency.name, oin: agency.oin } };
      });
    }
    return subgraphs
      .filter((s) => s.capabilities.includes(capability))
      .map((s) => {
        const agency = byKey.get(s.agencyKey)!;
        return { subgraph: s.name, routingUrl: s.routingUrl, agency: { key: agency.key, name: agency.name, oin: agency.oin } };
      });
  }
}
