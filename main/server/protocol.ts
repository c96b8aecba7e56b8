import { z } from 'zod';
import type { ApiError } from '../../preload/contract.js';
import type { MemberView, RemovedMember } from '../core/team/member-directory.js';
import { ROLES, type Role } from '../core/team/roles.js';
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, type SyncPage } from '../core/team/sync-page.js';

/**
 * The team server's wire protocol (types, names and input schemas only; no
 * I/O), shared by the server host and its clients. Every call is
 * `POST /api/<name>` with a JSON body and `Authorization: Bearer <token>`;
 * the answer is `{result}` or `{error: {code, message}}` with an HTTP status
 * that says which (docs/server.md).
 */

/** The header a client sends its `--now` in; only a server started with `--test-clock` takes it. */
export const NOW_HEADER = 'x-burnrate-now';

/** The unauthenticated liveness route (load balancers): `GET /health`. */
export const HEALTH_PATH = '/health';

/** Where every API call goes: `/api/<name>`. */
export const API_PREFIX = '/api/';

/**
 * The org's event stream: `GET /api/events` with the bearer token, answered
 * `text/event-stream` (docs/server.md, "Event stream"). Each `changed` event
 * has `id: <seq>` and `data: {"seq":<seq>}` (ChangedEvent): the org's change
 * seq now, sent at once and whenever it moves; a client then pulls with
 * `sync/pull`. A `: keep-alive` comment comes every keep-alive interval.
 */
export const EVENTS_PATH = '/api/events';

/** The event name of a change of the org's seq. */
export const CHANGED_EVENT = 'changed';

/** The least role that may follow the event stream. */
export const EVENTS_ROLE: Role = 'viewer';

/** The data of a `changed` event. */
export interface ChangedEvent {
  seq: number;
}

export type { MemberView, RemovedMember } from '../core/team/member-directory.js';

/** `members/add`'s answer: the new member and their token, shown this once. */
export interface AddedMember {
  email: string;
  role: Role;
  token: string;
}

/** `whoami`'s answer: who the token belongs to. */
export interface Caller {
  orgId: number;
  orgName: string;
  email: string;
  role: Role;
}

/** What each server route takes and gives. */
export interface ServerRoutes {
  whoami: { input: Record<string, never>; output: Caller };
  'members/list': { input: Record<string, never>; output: MemberView[] };
  'members/add': { input: { email: string; role: Role }; output: AddedMember };
  'members/remove': { input: { email: string }; output: RemovedMember };
  'sync/pull': { input: { after: number; limit: number }; output: SyncPage };
}

/** Longest email address accepted (RFC 5321's path limit). */
export const MAX_EMAIL = 254;

/** An email address, trimmed and lower-cased (members are found by it, whatever case it is typed in). */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(MAX_EMAIL, `an email address is at most ${MAX_EMAIL} characters`)
  .pipe(z.email('not an email address'));

/** Input schema of each server route: unknown fields are refused, as on every channel. */
export const SERVER_ROUTE_SCHEMAS = {
  whoami: z.strictObject({}),
  'members/list': z.strictObject({}),
  'members/add': z.strictObject({ email: emailSchema, role: z.enum(ROLES, `a role: ${ROLES.join(', ')}`) }),
  'members/remove': z.strictObject({ email: emailSchema }),
  'sync/pull': z.strictObject({
    after: z.int('the cursor is a whole number').min(0, 'the cursor is 0 or more').max(Number.MAX_SAFE_INTEGER).default(0),
    limit: z
      .int('the page size is a whole number')
      .min(1, 'a page holds at least 1 row')
      .max(MAX_PULL_LIMIT, `a page holds at most ${MAX_PULL_LIMIT} rows`)
      .default(DEFAULT_PULL_LIMIT),
  }),
} as const satisfies { [R in keyof ServerRoutes]: z.ZodType<ServerRoutes[R]['input']> };

/** The body of every failed call. */
export interface ErrorBody {
  error: ApiError;
}
