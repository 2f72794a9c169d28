export { type DeciderSpecification, deciderSpec, deepFreeze, type Given, type Then } from './decider-spec.js';
