import { Inject } from '@nestjs/common';
import { Context, Directive, Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Allow, ForbiddenError, Role, personalDataScope, requireCaller } from '@plein/auth';
import type { RequestContext } from '../request-context.js';
import { ProcessingLogger } from './processing-logger.js';

/** One entry of a source's processing log, as the resident it is about may see it (plein contract). */
@ObjectType('ProcessingLogEntryV1')
@Directive('@shareable')
@Directive('@inaccessible')
export class ProcessingLogEntryV1 {
  @Field() time!: Date;
  @Field() source!: string;
  @Field() category!: string;
  @Field() purpose!: string;
  @Field() legalBasis!: string;
  @Field(() => String, { nullable: true, description: 'OIN of the organisation that received the data.' }) receiverOrg!: string | null;
  @Field() receiverRole!: string;
  @Field() processingActivityId!: string;
  @Field() traceId!: string;
}

export const PROCESSING_LOG_V1_FIELD = 'processingLogV1';

@Resolver()
export class ProcessingLogResolver {
  constructor(@Inject(ProcessingLogger) private readonly log: ProcessingLogger) {}

  @Query(() => [ProcessingLogEntryV1], {
    name: PROCESSING_LOG_V1_FIELD,
    description: "Plein contract: this source's processing log about the calling resident, newest first.",
  })
  @Directive('@shareable')
  @Directive('@inaccessible')
  @Allow(Role.RESIDENT)
  async processingLog(@Context() ctx: RequestContext): Promise<ProcessingLogEntryV1[]> {
    const scope = personalDataScope(requireCaller(ctx.caller));
    if (scope.kind !== 'self') throw new ForbiddenError('Only the resident reads their own processing log.');
    const rows = await this.log.about(scope.bsn);
    return rows.map((r) => ({
      time: r.endTime,
      source: r.source,
      category: r.category,
      purpose: r.purpose,
      legalBasis: r.legalBasis,
      receiverOrg: r.receiverOrg,
      receiverRole: r.receiverRole,
      processingActivityId: r.processingActivityId,
      traceId: r.traceId,
    }));
  }
}
