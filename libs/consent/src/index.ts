export { PURPOSES, CATEGORIES, isPurpose, isCategory, type Purpose, type Category } from './catalogue.js';
export { decide, type DecisionRequest, type ConsentGrant, type StatutoryBasis, type Basis, type Decision } from './decision.js';
