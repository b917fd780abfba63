import { Global, Module, type DynamicModule } from '@nestjs/common';
import { REFUSAL_RECORDER } from '@plein/auth';
import { ProcessingLogResolver } from './processing-log.resolver.js';
import { PROCESSING_LOG_SETTINGS, ProcessingLogger, type ProcessingLogSettings } from './processing-logger.js';

/** A source's processing log and its contract field for the resident's data tracker. */
@Global()
@Module({})
export class ProcessingLogModule {
  static forSource(settings: ProcessingLogSettings): DynamicModule {
    return {
      module: ProcessingLogModule,
      providers: [
        { provide: PROCESSING_LOG_SETTINGS, useValue: settings },
        ProcessingLogger,
        ProcessingLogResolver,
        // The access guard records refusals for a caller's role in this log.
        { provide: REFUSAL_RECORDER, useExisting: ProcessingLogger },
      ],
      exports: [ProcessingLogger, REFUSAL_RECORDER],
    };
  }
}
