/** The actor the router's events are recorded with. */
export const ROUTER_ACTOR = { id: 'router', role: 'system' } as const;
