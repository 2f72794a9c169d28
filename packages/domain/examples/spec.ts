import { runCommand } from '@support-engine/domain';
import { chatDecider } from '@support-engine/domain/chat';
import { deciderSpec } from '@support-engine/domain/testing';

const now = new Date('2026-03-02T09:00:00Z');
const customer = { id: 'c-1', role: 'customer' } as const;
const start = { type: 'StartChat', data: { chatId: 'chat-1', customerId: 'c-1' } } as const;
const started = runCommand(chatDecider, [], start, { now, actor: customer });
const close = { type: 'CloseChat', data: { chatId: 'chat-1' } } as const;
const closed = runCommand(chatDecider, started.events, close, { now, actor: customer });

deciderSpec(chatDecider)
  .given([...started.events, ...closed.events])
  .when({ type: 'AcceptChat', data: { chatId: 'chat-1' } }, { now, actor: { id: 'agent-7', role: 'agent' } })
  .thenFails('CHAT_CLOSED'); // or .thenEmits([...]), .thenNothing()
