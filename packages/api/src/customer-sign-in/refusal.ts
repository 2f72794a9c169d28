import type { FastifyReply } from 'fastify';
import { refuseInContract } from '../errors/http.js';

/** The HTTP status of each refusal of the customers' sign-in (docs/help-center.md#signing-in-to-my-requests). */
const STATUS = {
  SIGN_IN_INPUT_INVALID: 400,
  SIGN_IN_LINK_INVALID: 400,
  SESSION_INVALID: 401,
  SIGN_IN_LINK_USED: 410,
  SIGN_IN_LINK_EXPIRED: 410,
  SIGN_IN_RATE_LIMITED: 429,
} as const;

/** A refusal code of the sign-in's endpoints. */
export type SignInRefusalCode = keyof typeof STATUS;

/** Answers a sign-in request with a refusal in the contract's shape, `{ "error": { "code", "message" } }`, and the code's status. */
export function refuseSignIn(reply: FastifyReply, code: SignInRefusalCode, message: string) {
  return refuseInContract(reply, STATUS[code], code, message);
}
