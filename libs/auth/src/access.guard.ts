import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ACCESS_METADATA, ForbiddenError, requireCaller, type Access } from './access.js';
import type { Caller } from './caller.js';
import { REFUSAL_RECORDER, type RefusalRecorder } from './refusal-recorder.js';

/**
 * Applied to every resolver and route. Fails closed: a handler without an access declaration
 * is refused (and AccessDeclarationCheck stops such an app from starting at all).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private recorder: RefusalRecorder | null | undefined;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ModuleRef) private readonly modules: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (!access) throw new ForbiddenError('This operation declares no access and is refused.');
    if (access.kind === 'public') return true;
    const caller = requireCaller(callerOf(context));
    if (!caller.roles.some((r) => access.roles.includes(r))) {
      // Recorded before the refusal goes back; if it cannot be recorded the caller gets an error, not the data.
      await this.refusals()?.forbiddenRole(caller, operationOf(context), headersOf(context));
      throw new ForbiddenError(`This needs one of the roles ${access.roles.join(', ')}.`);
    }
    return true;
  }

  private refusals(): RefusalRecorder | null {
    if (this.recorder === undefined) this.recorder = recorderIn(this.modules);
    return this.recorder;
  }
}

/** An app's log, wherever in the app it is provided; an app without one records nothing here. */
function recorderIn(modules: ModuleRef): RefusalRecorder | null {
  try {
    return modules.get<RefusalRecorder>(REFUSAL_RECORDER, { strict: false });
  } catch {
    return null;
  }
}

/** The operation as the schema or the route names it (never anything the caller wrote). */
function operationOf(context: ExecutionContext): string {
  if (context.getType<string>() === 'graphql') {
    const info = GqlExecutionContext.create(context).getInfo<{ parentType?: { name: string }; fieldName?: string } | undefined>();
    if (info?.parentType && info.fieldName) return `${info.parentType.name}.${info.fieldName}`;
    return context.getHandler().name;
  }
  return `${context.getClass().name}.${context.getHandler().name}`;
}

/** The request's headers as the app's context keeps them (the trace context is what the log needs). */
function headersOf(context: ExecutionContext): Record<string, string> {
  if (context.getType<string>() === 'graphql') {
    for (const candidate of [GqlExecutionContext.create(context).getContext<unknown>(), context.getArgByIndex<unknown>(1)]) {
      if (candidate && typeof candidate === 'object' && 'forwardHeaders' in candidate)
        return (candidate as { forwardHeaders: Record<string, string> }).forwardHeaders;
    }
    return {};
  }
  const { traceparent } = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers;
  return typeof traceparent === 'string' ? { traceparent } : {};
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
