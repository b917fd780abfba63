import { Module, type DynamicModule } from '@nestjs/common';
import { IncomeContractResolver, SCHEME_CATALOGUE } from './income-contract.resolver.js';
import { IncomeLedgerRepository } from './income-ledger.repository.js';
import type { SchemeCatalogue } from './income-provider.js';

/** Makes a subgraph an income provider: implements the plein income contract from the ledger. */
@Module({})
export class IncomeProviderModule {
  static forSchemes(schemes: SchemeCatalogue): DynamicModule {
    return {
      module: IncomeProviderModule,
      providers: [IncomeLedgerRepository, IncomeContractResolver, { provide: SCHEME_CATALOGUE, useValue: schemes }],
    };
  }
}
