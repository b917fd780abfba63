import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Query, Resolver } from '@nestjs/graphql';
import { Allow, Public } from './access.js';
import { AuthModule } from './auth.module.js';
import { Role } from './roles.js';

@Resolver()
class DeclaredResolver {
  @Query(() => String)
  @Allow(Role.CASEWORKER)
  declared(): string {
    return 'ok';
  }
}

@Resolver()
class ForgetfulResolver {
  @Query(() => String)
  forgotten(): string {
    return 'open to anyone?';
  }
}

@Controller('open')
@Public('test route')
class OpenController {
  @Get()
  open(): string {
    return 'ok';
  }
}

@Controller('forgotten')
class ForgottenController {
  @Get()
  route(): string {
    return 'open to anyone?';
  }
}

const auth = AuthModule.forRoot({ authServerUrl: 'http://127.0.0.1:9', jwksRefreshMs: 3_600_000, audience: 'plein-api' });

async function boot(providers: Function[], controllers: Function[] = []) {
  @Module({ imports: [auth], providers: providers as never[], controllers: controllers as never[] })
  class TestModule {}
  const app = await NestFactory.create(TestModule, { logger: false, abortOnError: false });
  await app.init();
  await app.close();
}

describe('every resolver and route declares who may call it', () => {
  it('starts when all handlers declare access', async () => {
    await expect(boot([DeclaredResolver], [OpenController])).resolves.toBeUndefined();
  });

  it('refuses to start with a resolver that declares nothing, naming it', async () => {
    await expect(boot([DeclaredResolver, ForgetfulResolver])).rejects.toThrow(/ForgetfulResolver\.forgotten/);
  });

  it('refuses to start with a route that declares nothing, naming it', async () => {
    await expect(boot([], [OpenController, ForgottenController])).rejects.toThrow(/ForgottenController\.route/);
  });
});
