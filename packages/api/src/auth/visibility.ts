import type { Principal } from './tokens.js';

/** Customers never see internal notes: not in messages, not even as search matches. */
export const seesInternal = (principal: Principal) => principal.role !== 'customer';
