export { type DeciderSpecification, deciderSpec, type Given, type Then } from './decider-spec.js';
