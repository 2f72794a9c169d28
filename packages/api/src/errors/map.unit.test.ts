import { AddressNotAllowedError, DeliveryError } from '@support-engine/delivery';
import { DomainError } from '@support-engine/domain';
import { ConcurrencyError, IdempotencyKeyReusedError, InvalidCheckpointError } from '@support-engine/eventstore';
import { InvalidCursorError, InvalidPageSizeError } from '@support-engine/eventstore-postgres';
import { WaitTimeoutError } from '@support-engine/projections';
import { describe, expect, it } from 'vitest';
import { GraphQLError } from '../graphql/engine.js';
import { API_ERROR_CODES, ApiError } from './codes.js';
import { INTERNAL_MESSAGE, REUSED_MESSAGE, toPublicError } from './map.js';

const at = { transactionId: 1n, globalPosition: 1n };
const codeOf = (error: unknown) => toPublicError(error).error.extensions.code;

describe('error mapping', () => {
  it.each([
    [new DomainError('VALIDATION_FAILED', 'bad'), 'BAD_USER_INPUT'],
    [new DomainError('INVALID_TRANSITION', 'no'), 'INVALID_TRANSITION'],
    [new DomainError('CHAT_CLOSED', 'closed'), 'CHAT_CLOSED'],
    [new ConcurrencyError('ticket-1', 3, 4), 'CONCURRENCY_CONFLICT'],
    [new InvalidCheckpointError('nope'), 'BAD_USER_INPUT'],
    [new IdempotencyKeyReusedError('agent:a:k', 'ticket-2'), 'IDEMPOTENCY_KEY_REUSED'],
    [new InvalidCursorError('nope'), 'BAD_USER_INPUT'],
    [new WaitTimeoutError('tickets', at, at, 10), 'CONSISTENCY_TIMEOUT'],
    [new ApiError('FORBIDDEN', 'no'), 'FORBIDDEN'],
    [new AddressNotAllowedError('hooks.example', '127.0.0.1', 'loopback'), 'WEBHOOK_URL_NOT_ALLOWED'],
    [new DeliveryError('DELIVERY_NOT_FOUND', 'none'), 'DELIVERY_NOT_FOUND'],
    [new DeliveryError('DELIVERY_IN_FLIGHT', 'busy'), 'DELIVERY_IN_FLIGHT'],
    [new DeliveryError('IDEMPOTENCY_KEY_REUSED', 'reused'), 'IDEMPOTENCY_KEY_REUSED'],
    [new GraphQLError('Syntax Error: Unexpected Name'), 'BAD_USER_INPUT'],
    [new GraphQLError('Cannot query field', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }), 'BAD_USER_INPUT'],
  ])('%s -> %s', (error, code) => {
    expect(codeOf(error)).toBe(code);
    expect(toPublicError(error).unexpected).toBe(false);
  });

  it.each([
    ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['refused on every address', new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], '')],
    ['shut down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a connection exception', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['dropped', new Error('Connection terminated unexpectedly')],
    ['out of time', new Error('timeout exceeded when trying to connect')],
    ['wrapped', new Error('query failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })],
  ])('tells a client the database is out of reach (%s) as SERVICE_UNAVAILABLE, and logs it', (_, error) => {
    expect(toPublicError(error)).toMatchObject({
      error: { extensions: { code: 'SERVICE_UNAVAILABLE' } },
      unexpected: true,
    });
    expect(API_ERROR_CODES).toContain('SERVICE_UNAVAILABLE');
  });

  it("words a domain schema's refusal as the API words bad input, naming the fields the client sent", () => {
    const refused = new DomainError(
      'VALIDATION_FAILED',
      'Invalid chat command: data.body: Too big; data.chatId: Required',
      {
        issues: [
          { path: 'data.body', message: 'Too big' },
          { path: 'data.chatId', message: 'Required' },
        ],
      },
    );
    expect(toPublicError(refused).error).toMatchObject({
      message: 'Invalid input: input.body: Too big; input.chatId: Required',
      extensions: {
        code: 'BAD_USER_INPUT',
        issues: [
          { path: 'input.body', message: 'Too big' },
          { path: 'input.chatId', message: 'Required' },
        ],
      },
    });
    // A rule's own sentence stays as it was written.
    const rule = new DomainError('VALIDATION_FAILED', 'No callback of ticket t1 was missed', {
      issues: [{ path: 'data.reason', message: 'No callback of ticket t1 was missed' }],
    });
    expect(toPublicError(rule).error.message).toBe('No callback of ticket t1 was missed');
  });

  it('keeps an unknown failure INTERNAL, even one with an error code of its own', () => {
    expect(codeOf(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe('INTERNAL');
    expect(codeOf(new Error('boom'))).toBe('INTERNAL');
  });

  it("gives graphql-jit's refusals of variables (no extensions at all) BAD_USER_INPUT", () => {
    const jitError: GraphQLError = Object.create(GraphQLError.prototype, {
      message: { value: 'Variable "$f" got invalid value "parcel" at "f.kind"' },
      extensions: { value: undefined },
    });
    expect(toPublicError(jitError)).toMatchObject({
      error: { extensions: { code: 'BAD_USER_INPUT' } },
      unexpected: false,
    });
  });

  it('unwraps a resolver error and keeps its path', () => {
    const wrapped = new GraphQLError('wrapped', {
      path: ['openTicket'],
      originalError: new DomainError('NOT_FOUND', 'gone'),
    });
    const { error } = toPublicError(wrapped);
    expect(error.extensions.code).toBe('NOT_FOUND');
    expect(error.path).toEqual(['openTicket']);
  });

  it.each([new Error('connection refused at 10.0.0.5'), new TypeError('x is undefined'), 'a string', null])(
    'masks the unexpected %s',
    (error) => {
      const mapped = toPublicError(
        new GraphQLError('boom', { originalError: error instanceof Error ? error : undefined }),
      );
      const direct = toPublicError(error);
      for (const { error: masked, unexpected } of error instanceof Error ? [mapped, direct] : [direct]) {
        expect(unexpected).toBe(true);
        expect(masked.message).toBe(INTERNAL_MESSAGE);
        expect(masked.extensions.code).toBe('INTERNAL');
      }
    },
  );

  it('only ever produces documented codes', () => {
    for (const error of [new DomainError('NO_CHANGE', 'same'), new Error('x'), new GraphQLError('y')]) {
      expect(API_ERROR_CODES).toContain(codeOf(error));
    }
  });
});

describe('refusals of other packages', () => {
  it("words delivery's reused key as every reused key is worded", () => {
    const { error } = toPublicError(new DeliveryError('IDEMPOTENCY_KEY_REUSED', 'internal words'));
    expect(error.message).toBe(REUSED_MESSAGE);
  });

  it('names the paging argument a paging refusal concerns', () => {
    expect(toPublicError(new InvalidCursorError('nope')).error.extensions.issues).toEqual([
      { path: 'after', message: 'Not a valid cursor: "nope"' },
    ]);
    expect(toPublicError(new InvalidPageSizeError(0)).error.extensions.issues).toEqual([
      { path: 'first', message: 'first: a page holds at least 1 row, not 0' },
    ]);
  });
});
