export {
  DEMO_AGENCIES,
  demoAgency,
  GEMEENTE,
  UWV,
  SVB,
  TOESLAGEN,
  BELASTINGDIENST,
  DUO,
  LBIO,
  ZEIST,
  DEMO_INTEGRATOR,
  WOONCORP,
  DEMO_ORGANISATIONS,
} from './agencies.js';
export type { DemoAgency } from './agencies.js';
export { generatePopulation, generateHousehold, demoBsn, MAX_HOUSEHOLDS } from './population.js';
export type { DemoHousehold, DemoPerson, DemoAward, PopulationSpec } from './population.js';
export { Random, stableUuid } from './random.js';
