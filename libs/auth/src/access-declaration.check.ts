import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { RESOLVER_PROPERTY_METADATA, RESOLVER_REFERENCE_METADATA, RESOLVER_TYPE_METADATA } from '@nestjs/graphql';
import { ACCESS_METADATA } from './access.js';

export interface UndeclaredHandler {
  owner: string;
  handler: string;
}

/**
 * Every resolver and route declares who may call it. This lists the ones that do not; the
 * check below refuses to let an app start while the list is not empty.
 */
export function undeclaredHandlers(discovery: DiscoveryService, scanner: MetadataScanner, reflector: Reflector): UndeclaredHandler[] {
  const missing: UndeclaredHandler[] = [];
  const scan = (instance: unknown, isHandler: (method: Function) => boolean) => {
    if (!instance || typeof instance !== 'object') return;
    const prototype = Object.getPrototypeOf(instance) as object;
    const classAccess = reflector.get(ACCESS_METADATA, instance.constructor);
    for (const name of scanner.getAllMethodNames(prototype)) {
      const method = (prototype as Record<string, Function>)[name]!;
      if (isHandler(method) && !classAccess && !reflector.get(ACCESS_METADATA, method)) {
        missing.push({ owner: instance.constructor.name, handler: name });
      }
    }
  };
  const isResolver = (m: Function) =>
    [RESOLVER_TYPE_METADATA, RESOLVER_PROPERTY_METADATA, RESOLVER_REFERENCE_METADATA].some((key) => reflector.get(key, m) !== undefined);
  for (const wrapper of discovery.getProviders()) scan(wrapper.instance, isResolver);
  for (const wrapper of discovery.getControllers()) scan(wrapper.instance, (m) => Reflect.hasMetadata(PATH_METADATA, m));
  return missing;
}

@Injectable()
export class AccessDeclarationCheck implements OnModuleInit {
  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const missing = undeclaredHandlers(this.discovery, this.scanner, this.reflector);
    if (missing.length > 0) {
      throw new Error(
        `Refusing to start: these handlers do not declare who may call them (@Allow or @Public): ${missing.map((m) => `${m.owner}.${m.handler}`).join(', ')}`,
      );
    }
  }
}
