export {
  PURPOSES,
  CATEGORIES,
  CATEGORY_CAPABILITY,
  HELD_BY_EVENTS,
  isPurpose,
  isCategory,
  type Purpose,
  type Category,
} from './catalogue.js';
export {
  decide,
  basisText,
  consentCovers,
  coverageEntry,
  type DecisionRequest,
  type ConsentGrant,
  type StatutoryBasis,
  type Basis,
  type Decision,
} from './decision.js';
export { resolveScope, previewOf, type ScopeAgency, type SourcePreview, type ResolvedScope } from './scope.js';
