import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ACCESS_METADATA, ForbiddenError, requireCaller, type Access } from './access.js';
import type { Caller } from './caller.js';

/**
 * Applied to every resolver and route. Fails closed: a handler without an access declaration
 * is refused (and AccessDeclarationCheck stops such an app from starting at all).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (!access) throw new ForbiddenError('This operation declares no access and is refused.');
    if (access.kind === 'public') return true;
    const caller = requireCaller(callerOf(context));
    if (!caller.roles.some((r) => access.roles.includes(r))) {
      throw new ForbiddenError(`This needs one of the roles ${access.roles.join(', ')}.`);
    }
    return true;
  }
}

function callerOf(context: ExecutionContext): Caller | null {
  if (context.getType<string>() === 'graphql') {
    // Field resolvers get (parent, args, context, info); reference resolvers (reference, context, info).
    const gql = GqlExecutionContext.create(context);
    for (const candidate of [gql.getContext<unknown>(), context.getArgByIndex<unknown>(1)]) {
      if (candidate && typeof candidate === 'object' && 'caller' in candidate)
        return (candidate as { caller: Caller | null }).caller ?? null;
    }
    return null;
  }
  return (context.switchToHttp().getRequest<{ caller?: Caller }>().caller ?? null) as Caller | null;
}
