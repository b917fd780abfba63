export {
  INCOME_CAPABILITY,
  INCOME_STREAMS_V1_FIELD,
  INCOME_STREAM_V1_TYPE,
  INCOME_STREAMS_V1_QUERY,
  MAX_SUBJECTS_PER_CALL,
  checkIncomeContract,
} from './contract.js';
export type { IncomeStreamV1 } from './contract.js';
