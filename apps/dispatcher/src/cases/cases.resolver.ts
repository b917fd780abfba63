import { Inject } from '@nestjs/common';
import { Context, Query, Resolver } from '@nestjs/graphql';
import { Allow, Role, requireCaller } from '@plein/auth';
import type { RequestContext } from '@plein/subgraph-kit';
import { CasesService } from './cases.service.js';
import { Case } from './cases.types.js';

@Resolver()
export class CasesResolver {
  constructor(@Inject(CasesService) private readonly cases: CasesService) {}

  @Query(() => [Case], { description: 'Your cases at every agency (MijnZaken): open ones first, each with its status history.' })
  @Allow(Role.RESIDENT)
  myCases(@Context() ctx: RequestContext): Promise<Case[]> {
    return this.cases.mine(requireCaller(ctx.caller));
  }
}
