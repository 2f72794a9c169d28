import { eventStoreContract } from '../contract.fixture.js';
import { createMemoryEventStore } from './memory-event-store.js';

eventStoreContract('in-memory', async (clock) => createMemoryEventStore({ clock }));
