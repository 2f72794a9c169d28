import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { actorStoredInColumns } from './actor-columns.js';
import {
  CONVERSION_0005,
  CONVERSION_0006,
  CONVERSION_0008,
  CONVERTING_SETTING,
  convertEventRows,
} from './convert-rows.js';
import { COMMAND_LOCK_CLASS, COMMAND_REUSED_SQLSTATE, CONCURRENCY_SQLSTATE } from './sql-codes.js';

/**
 * The channel the PostgreSQL adapter notifies after its appends (the payload is empty).
 * `append_events` itself does not notify; see `AppendNotifier` for why.
 */
export const NOTIFY_CHANNEL = 'event_store';

/**
 * The unique (stream_id, stream_version) constraint of `events`. Since migration 0003 a unique
 * violation on it means an append lost the race for the next version and wrote nothing: calling
 * `append_events` again reads the new head (and then succeeds or raises ES409).
 */
export const STREAM_VERSION_CONSTRAINT = 'events_stream_id_stream_version_key';

// Each entry is one statement: kysely sends them one by one, inside the migration's transaction.
const initialSchema: readonly string[] = [
  `create table events (
    global_position bigint generated always as identity primary key,
    stream_id text not null,
    stream_version integer not null check (stream_version >= 1),
    type text not null,
    schema_version integer not null check (schema_version >= 1),
    data jsonb not null,
    metadata jsonb not null,
    recorded_at timestamptz not null,
    transaction_id xid8 not null default pg_current_xact_id(),
    prev_hash text,
    hash text not null,
    unique (stream_id, stream_version)
  )`,
  // Gap-safe global reads filter and order by this pair.
  'create index events_transaction_position on events (transaction_id, global_position)',

  `create table event_streams (
    stream_id text primary key,
    version integer not null,
    last_hash text
  )`,

  `create table event_commands (
    command_id text primary key,
    stream_id text not null,
    stream_version integer,
    transaction_id xid8,
    global_position bigint
  )`,

  // History is append-only. A superuser can still disable the trigger, which is exactly what
  // the hash chain exists to detect.
  `create function events_forbid_change() returns trigger language plpgsql as $$
  begin
    raise exception 'events are append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
  end $$`,
  `create trigger events_append_only before update or delete on events
    for each row execute function events_forbid_change()`,
  `create trigger events_no_truncate before truncate on events
    for each statement execute function events_forbid_change()`,

  // The chain link of one event. jsonb's text form is canonical (sorted keys, fixed spacing) and
  // the instant is taken as epoch microseconds, so the digest does not depend on session settings.
  `create function event_hash(
    p_prev_hash text, p_stream_id text, p_stream_version integer, p_type text,
    p_schema_version integer, p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz
  ) returns text language sql immutable parallel safe as $$
    select encode(sha256(convert_to(jsonb_build_array(
      p_prev_hash, p_stream_id, p_stream_version, p_type, p_schema_version, p_data, p_metadata,
      (extract(epoch from p_recorded_at) * 1000000)::bigint
    )::text, 'UTF8')), 'hex')
  $$`,

  `create function append_events(
    p_stream_id text, p_expected_kind text, p_expected_version integer,
    p_events jsonb, p_command_id text, p_recorded_at timestamptz
  ) returns table (result_version integer, result_transaction text, result_position text, result_duplicate boolean)
  language plpgsql as $$
  declare
    v_version integer;
    v_hash text;
    v_prev_hash text;
    v_event jsonb;
    v_position bigint;
    -- Milliseconds, because clients hold instants as JS Dates and ask "as of" that precision.
    v_recorded_at timestamptz := coalesce(p_recorded_at, date_trunc('milliseconds', now()));
  begin
    -- Claim the command id first: a concurrent retry of the same command waits here for the
    -- first attempt to finish, then returns its result instead of writing twice.
    if p_command_id is not null then
      insert into event_commands (command_id, stream_id) values (p_command_id, p_stream_id) on conflict do nothing;
      if not found then
        return query select c.stream_version, c.transaction_id::text, c.global_position::text, true
          from event_commands c where c.command_id = p_command_id;
        return;
      end if;
    end if;

    -- Lock the stream's head row so appends to one stream serialise. A new stream's row is
    -- created first; if another transaction is creating it, ON CONFLICT waits for that one.
    select s.version, s.last_hash into v_version, v_hash from event_streams s where s.stream_id = p_stream_id for update;
    if not found then
      insert into event_streams (stream_id, version) values (p_stream_id, 0) on conflict do nothing;
      select s.version, s.last_hash into v_version, v_hash from event_streams s where s.stream_id = p_stream_id for update;
    end if;

    if not (p_expected_kind = 'any'
        or (p_expected_kind = 'no_stream' and v_version = 0)
        or (p_expected_kind = 'stream_exists' and v_version > 0)
        or (p_expected_kind = 'exact' and v_version = p_expected_version)) then
      raise exception using errcode = '${CONCURRENCY_SQLSTATE}',
        message = format('stream %s is at version %s', p_stream_id, v_version), detail = v_version::text;
    end if;

    for v_event in select value from jsonb_array_elements(p_events) loop
      v_version := v_version + 1;
      v_prev_hash := v_hash;
      v_hash := event_hash(v_prev_hash, p_stream_id, v_version, v_event->>'type',
        (v_event->>'schemaVersion')::integer, v_event->'data', v_event->'metadata', v_recorded_at);
      insert into events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
        values (p_stream_id, v_version, v_event->>'type', (v_event->>'schemaVersion')::integer,
          v_event->'data', v_event->'metadata', v_recorded_at, v_prev_hash, v_hash)
        returning global_position into v_position;
    end loop;

    update event_streams set version = v_version, last_hash = v_hash where stream_id = p_stream_id;
    if p_command_id is not null then
      update event_commands
        set stream_version = v_version, transaction_id = pg_current_xact_id(), global_position = v_position
        where command_id = p_command_id;
    end if;
    return query select v_version, pg_current_xact_id()::text, v_position::text, false;
  end $$`,
];

// `append_events` writes each command's row once, with its final stream version, instead of
// claiming it and updating it at the end: the stream is locked first (so its version is known),
// then the command id is claimed. The duplicate answer takes the transaction and position from
// the command's last event, which also serves rows written by 0001 (where they are stored).
const appendWritesCommandOnce: readonly string[] = [
  `create or replace function append_events(
    p_stream_id text, p_expected_kind text, p_expected_version integer,
    p_events jsonb, p_command_id text, p_recorded_at timestamptz
  ) returns table (result_version integer, result_transaction text, result_position text, result_duplicate boolean)
  language plpgsql as $$
  declare
    v_version integer;
    v_hash text;
    v_prev_hash text;
    v_event jsonb;
    v_position bigint;
    -- Milliseconds, because clients hold instants as JS Dates and ask "as of" that precision.
    v_recorded_at timestamptz := coalesce(p_recorded_at, date_trunc('milliseconds', now()));
  begin
    -- Lock the stream's head row so appends to one stream serialise.
    select s.version, s.last_hash into v_version, v_hash from event_streams s where s.stream_id = p_stream_id for update;
    if not found then
      -- A retry of a command that is already done creates no head row for a new stream.
      if p_command_id is not null then
        return query select e.stream_version, e.transaction_id::text, e.global_position::text, true
          from event_commands c join events e on e.stream_id = c.stream_id and e.stream_version = c.stream_version
          where c.command_id = p_command_id;
        if found then return; end if;
      end if;
      -- If another transaction is creating the row, ON CONFLICT waits for that one.
      insert into event_streams (stream_id, version) values (p_stream_id, 0) on conflict do nothing;
      select s.version, s.last_hash into v_version, v_hash from event_streams s where s.stream_id = p_stream_id for update;
    end if;

    -- Claim the command id before checking the version, so a retry gets its original result even
    -- when its expected version is stale; a concurrent attempt of the same command waits here for
    -- the first one to finish, then returns its result instead of writing twice. (Stream lock,
    -- then command id: a transaction waiting for a stream lock holds no command id yet, so the
    -- two kinds of wait never form a cycle.)
    if p_command_id is not null then
      insert into event_commands (command_id, stream_id, stream_version)
        values (p_command_id, p_stream_id, v_version + jsonb_array_length(p_events)) on conflict do nothing;
      if not found then
        return query select e.stream_version, e.transaction_id::text, e.global_position::text, true
          from event_commands c join events e on e.stream_id = c.stream_id and e.stream_version = c.stream_version
          where c.command_id = p_command_id;
        return;
      end if;
    end if;

    if not (p_expected_kind = 'any'
        or (p_expected_kind = 'no_stream' and v_version = 0)
        or (p_expected_kind = 'stream_exists' and v_version > 0)
        or (p_expected_kind = 'exact' and v_version = p_expected_version)) then
      raise exception using errcode = '${CONCURRENCY_SQLSTATE}',
        message = format('stream %s is at version %s', p_stream_id, v_version), detail = v_version::text;
    end if;

    for v_event in select value from jsonb_array_elements(p_events) loop
      v_version := v_version + 1;
      v_prev_hash := v_hash;
      v_hash := event_hash(v_prev_hash, p_stream_id, v_version, v_event->>'type',
        (v_event->>'schemaVersion')::integer, v_event->'data', v_event->'metadata', v_recorded_at);
      insert into events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
        values (p_stream_id, v_version, v_event->>'type', (v_event->>'schemaVersion')::integer,
          v_event->'data', v_event->'metadata', v_recorded_at, v_prev_hash, v_hash)
        returning global_position into v_position;
    end loop;

    update event_streams set version = v_version, last_hash = v_hash where stream_id = p_stream_id;
    return query select v_version, pg_current_xact_id()::text, v_position::text, false;
  end $$`,
];

// `append_events` no longer writes a head row per stream nor a row per command; per append it
// only inserts the events (WAL per single-event append: ~930 bytes before, ~625 after):
// - The stream's version and last hash are read from its last event (an index lookup), and the
//   unique (stream_id, stream_version) index is the optimistic lock: a concurrent append that
//   took the next version first makes the insert of our first event wait for it, then fail with
//   a unique violation before anything of ours is written. The adapter then calls again, which
//   reads the new head and checks the expected version again: `any` and `stream_exists` go on,
//   `exact` and `no_stream` get ES409 with the actual version.
// - The command id is stored on the command's last event, under a partial unique index, so its
//   row is the duplicate's answer (version, transaction, position). Attempts of one command are
//   serialised by a transaction-level advisory lock on the id (in memory, no WAL): a concurrent
//   retry waits for the first attempt to finish, then returns its result, whatever its expected
//   version or stream. Commands appended before 0003 are still found in event_commands.
// - event_hash is re-declared STABLE (what its body is), so PostgreSQL inlines it: the same
//   digests at about a quarter of the CPU.
// event_streams and event_commands stay, no longer written: the latter answers older commands.
const appendWithoutHeadRow: readonly string[] = [
  // Adding a nullable column without a default rewrites nothing.
  'alter table events add column command_id text',
  'create unique index events_command_id on events (command_id) where command_id is not null',

  // event_hash reads a stable function (extract from a timestamptz), so as IMMUTABLE it could
  // not be inlined: each call ran the SQL function machinery, about three quarters of its cost
  // (~40 us against ~10 us). Same body, same digests; verification gets faster too.
  'alter function event_hash(text, text, integer, text, integer, jsonb, jsonb, timestamptz) stable',

  `create or replace function append_events(
    p_stream_id text, p_expected_kind text, p_expected_version integer,
    p_events jsonb, p_command_id text, p_recorded_at timestamptz
  ) returns table (result_version integer, result_transaction text, result_position text, result_duplicate boolean)
  language plpgsql as $$
  declare
    v_count integer := jsonb_array_length(p_events);
    v_version integer;
    v_hash text;
    v_prev_hash text;
    v_event jsonb;
    v_index integer;
    v_position bigint;
    -- Milliseconds, because clients hold instants as JS Dates and ask "as of" that precision.
    v_recorded_at timestamptz := coalesce(p_recorded_at, date_trunc('milliseconds', now()));
  begin
    -- A concurrent attempt of the same command waits here for the first one to finish; a repeat
    -- gets the original result even when its expected version is stale.
    if p_command_id is not null then
      perform pg_advisory_xact_lock(${COMMAND_LOCK_CLASS}, hashtext(p_command_id));
      return query select e.stream_version, e.transaction_id::text, e.global_position::text, true
        from events e where e.command_id = p_command_id;
      if found then return; end if;
      return query select e.stream_version, e.transaction_id::text, e.global_position::text, true
        from event_commands c join events e on e.stream_id = c.stream_id and e.stream_version = c.stream_version
        where c.command_id = p_command_id;
      if found then return; end if;
    end if;

    -- The head as last committed. No lock: if a concurrent append takes the next version first,
    -- inserting our first event waits for it and then fails with a unique violation on
    -- ${STREAM_VERSION_CONSTRAINT}, having written nothing; the caller calls again (the adapter
    -- does), which reads the new head and checks the expected version against it.
    select e.stream_version, e.hash into v_version, v_hash
      from events e where e.stream_id = p_stream_id order by e.stream_version desc limit 1;
    v_version := coalesce(v_version, 0);
    if not (p_expected_kind = 'any'
        or (p_expected_kind = 'no_stream' and v_version = 0)
        or (p_expected_kind = 'stream_exists' and v_version > 0)
        or (p_expected_kind = 'exact' and v_version = p_expected_version)) then
      raise exception using errcode = '${CONCURRENCY_SQLSTATE}',
        message = format('stream %s is at version %s', p_stream_id, v_version), detail = v_version::text;
    end if;

    for v_index in 0 .. v_count - 1 loop
      v_event := p_events->v_index;
      v_version := v_version + 1;
      v_prev_hash := v_hash;
      v_hash := event_hash(v_prev_hash, p_stream_id, v_version, v_event->>'type',
        (v_event->>'schemaVersion')::integer, v_event->'data', v_event->'metadata', v_recorded_at);
      insert into events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at,
          prev_hash, hash, command_id)
        values (p_stream_id, v_version, v_event->>'type', (v_event->>'schemaVersion')::integer,
          v_event->'data', v_event->'metadata', v_recorded_at, v_prev_hash, v_hash,
          case when v_index = v_count - 1 then p_command_id end)
        returning global_position into v_position;
    end loop;

    return query select v_version, pg_current_xact_id()::text, v_position::text, false;
  end $$`,
];

// A command id names one command: since 0004 `append_events` takes the command's digest, stores it
// beside the id (on the command's last event) and refuses a repeated id whose stream or digest
// differs (ES422) instead of answering with the other command's result. Rows without a digest
// (appends before 0004, or without one) are compared by stream only. The six-argument function
// is dropped so that no caller can bypass the check.
const appendChecksCommandDigest: readonly string[] = [
  'alter table events add column command_digest text',
  'drop function append_events(text, text, integer, jsonb, text, timestamptz)',
  `create function append_events(
    p_stream_id text, p_expected_kind text, p_expected_version integer,
    p_events jsonb, p_command_id text, p_command_digest text, p_recorded_at timestamptz
  ) returns table (result_version integer, result_transaction text, result_position text, result_duplicate boolean)
  language plpgsql as $$
  declare
    v_count integer := jsonb_array_length(p_events);
    v_version integer;
    v_hash text;
    v_prev_hash text;
    v_event jsonb;
    v_index integer;
    v_position bigint;
    v_done record;
    -- Milliseconds, because clients hold instants as JS Dates and ask "as of" that precision.
    v_recorded_at timestamptz := coalesce(p_recorded_at, date_trunc('milliseconds', now()));
  begin
    -- A concurrent attempt of the same command waits here for the first one to finish; a repeat
    -- gets the original result even when its expected version is stale, if it is the same command.
    if p_command_id is not null then
      perform pg_advisory_xact_lock(${COMMAND_LOCK_CLASS}, hashtext(p_command_id));
      select e.stream_id, e.command_digest, e.stream_version, e.transaction_id, e.global_position into v_done
        from events e where e.command_id = p_command_id;
      if not found then
        select e.stream_id, null::text as command_digest, e.stream_version, e.transaction_id, e.global_position
          into v_done
          from event_commands c join events e on e.stream_id = c.stream_id and e.stream_version = c.stream_version
          where c.command_id = p_command_id;
      end if;
      if found then
        if v_done.stream_id <> p_stream_id or p_command_digest <> v_done.command_digest then
          raise exception using errcode = '${COMMAND_REUSED_SQLSTATE}',
            message = format('command id %s was used for another command', p_command_id);
        end if;
        return query select v_done.stream_version, v_done.transaction_id::text, v_done.global_position::text, true;
        return;
      end if;
    end if;

    -- The head as last committed; see 0003 for why no lock is needed.
    select e.stream_version, e.hash into v_version, v_hash
      from events e where e.stream_id = p_stream_id order by e.stream_version desc limit 1;
    v_version := coalesce(v_version, 0);
    if not (p_expected_kind = 'any'
        or (p_expected_kind = 'no_stream' and v_version = 0)
        or (p_expected_kind = 'stream_exists' and v_version > 0)
        or (p_expected_kind = 'exact' and v_version = p_expected_version)) then
      raise exception using errcode = '${CONCURRENCY_SQLSTATE}',
        message = format('stream %s is at version %s', p_stream_id, v_version), detail = v_version::text;
    end if;

    for v_index in 0 .. v_count - 1 loop
      v_event := p_events->v_index;
      v_version := v_version + 1;
      v_prev_hash := v_hash;
      v_hash := event_hash(v_prev_hash, p_stream_id, v_version, v_event->>'type',
        (v_event->>'schemaVersion')::integer, v_event->'data', v_event->'metadata', v_recorded_at);
      insert into events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at,
          prev_hash, hash, command_id, command_digest)
        values (p_stream_id, v_version, v_event->>'type', (v_event->>'schemaVersion')::integer,
          v_event->'data', v_event->'metadata', v_recorded_at, v_prev_hash, v_hash,
          case when v_index = v_count - 1 then p_command_id end,
          case when v_index = v_count - 1 then p_command_digest end)
        returning global_position into v_position;
    end loop;

    return query select v_version, pg_current_xact_id()::text, v_position::text, false;
  end $$`,
];

// Each fact of an event stored once (a single-event command's row: 487 bytes of
// heap and indexes instead of 634 in the append bench): the command id and its digest were
// stored twice on the command's last event, in its metadata (the command handler's keys
// `commandId` and `commandDigest`) and in the columns `append_events` checks, the digest as 64
// hex characters both times.
// - The digest, when it is SHA-256 in hex (what the command handler sends), goes into
//   `command_sha256` as its 32 bytes; any other digest stays text in `command_digest`.
// - On the command's last event, metadata whose `commandId` and `commandDigest` are exactly the
//   append's command id and digest is stored without those two keys and `command_in_metadata` is
//   set; `event_metadata` puts them back for every reader. jsonb is normalised (keys sorted,
//   duplicates dropped), so the re-assembled value and its text are the ones appended: the hash,
//   computed over the metadata as appended, verifies unchanged.
// - The append-only trigger lets one kind of UPDATE through: a conversion of a row's storage to
//   this form (`convertEventRows`), asked for with a transaction-local setting, that leaves every
//   field a reader sees and the hash covers exactly as it was, text for text. Anything else is
//   refused as before.
const eventFactsStoredOnce: readonly string[] = [
  // Nullable columns without a default: adding them rewrites nothing.
  'alter table events add column command_sha256 bytea, add column command_in_metadata boolean',

  // How far convertEventRows got: every row up to the log's end as this migration finds it (adding
  // the columns above waited for the appends in flight, and holds off the next until commit).
  `create table event_store_conversions (
    name text primary key,
    through_position bigint not null,
    last_position bigint not null
  )`,
  `insert into event_store_conversions (name, through_position, last_position)
    select '${CONVERSION_0005}', 0, coalesce(max(global_position), 0) from events`,

  // The metadata as appended, from its stored form.
  `create function event_metadata(
    p_metadata jsonb, p_command_in_metadata boolean, p_command_id text, p_command_sha256 bytea
  ) returns jsonb language sql immutable parallel safe as $$
    select case when p_command_in_metadata
      then p_metadata || jsonb_build_object('commandId', p_command_id, 'commandDigest', encode(p_command_sha256, 'hex'))
      else p_metadata end
  $$`,

  // The command digest as appended, from either column.
  `create function event_command_digest(p_command_sha256 bytea, p_command_digest text)
  returns text language sql immutable parallel safe as $$
    select coalesce(encode(p_command_sha256, 'hex'), p_command_digest)
  $$`,

  `create or replace function events_forbid_change() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' and current_setting('${CONVERTING_SETTING}', true) = 'on'
      and (new.global_position, new.stream_id, new.stream_version, new.type, new.schema_version, new.data::text,
          new.recorded_at, new.transaction_id, new.prev_hash, new.hash, new.command_id,
          event_command_digest(new.command_sha256, new.command_digest),
          event_metadata(new.metadata, new.command_in_metadata, new.command_id, new.command_sha256)::text)
        is not distinct from
        (old.global_position, old.stream_id, old.stream_version, old.type, old.schema_version, old.data::text,
          old.recorded_at, old.transaction_id, old.prev_hash, old.hash, old.command_id,
          event_command_digest(old.command_sha256, old.command_digest),
          event_metadata(old.metadata, old.command_in_metadata, old.command_id, old.command_sha256)::text) then
      return new;
    end if;
    raise exception 'events are append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
  end $$`,

  `create or replace function append_events(
    p_stream_id text, p_expected_kind text, p_expected_version integer,
    p_events jsonb, p_command_id text, p_command_digest text, p_recorded_at timestamptz
  ) returns table (result_version integer, result_transaction text, result_position text, result_duplicate boolean)
  language plpgsql as $$
  declare
    v_count integer := jsonb_array_length(p_events);
    v_version integer;
    v_hash text;
    v_prev_hash text;
    v_event jsonb;
    v_metadata jsonb;
    v_index integer;
    v_last boolean;
    v_folded boolean;
    v_position bigint;
    v_done record;
    v_sha256 bytea := case when p_command_digest ~ '^[0-9a-f]{64}$' then decode(p_command_digest, 'hex') end;
    -- Milliseconds, because clients hold instants as JS Dates and ask "as of" that precision.
    v_recorded_at timestamptz := coalesce(p_recorded_at, date_trunc('milliseconds', now()));
  begin
    -- A concurrent attempt of the same command waits here for the first one to finish; a repeat
    -- gets the original result even when its expected version is stale, if it is the same command.
    if p_command_id is not null then
      perform pg_advisory_xact_lock(${COMMAND_LOCK_CLASS}, hashtext(p_command_id));
      select e.stream_id, event_command_digest(e.command_sha256, e.command_digest) as command_digest,
          e.stream_version, e.transaction_id, e.global_position
        into v_done
        from events e where e.command_id = p_command_id;
      if not found then
        select e.stream_id, null::text as command_digest, e.stream_version, e.transaction_id, e.global_position
          into v_done
          from event_commands c join events e on e.stream_id = c.stream_id and e.stream_version = c.stream_version
          where c.command_id = p_command_id;
      end if;
      if found then
        if v_done.stream_id <> p_stream_id or p_command_digest <> v_done.command_digest then
          raise exception using errcode = '${COMMAND_REUSED_SQLSTATE}',
            message = format('command id %s was used for another command', p_command_id);
        end if;
        return query select v_done.stream_version, v_done.transaction_id::text, v_done.global_position::text, true;
        return;
      end if;
    end if;

    -- The head as last committed; see 0003 for why no lock is needed.
    select e.stream_version, e.hash into v_version, v_hash
      from events e where e.stream_id = p_stream_id order by e.stream_version desc limit 1;
    v_version := coalesce(v_version, 0);
    if not (p_expected_kind = 'any'
        or (p_expected_kind = 'no_stream' and v_version = 0)
        or (p_expected_kind = 'stream_exists' and v_version > 0)
        or (p_expected_kind = 'exact' and v_version = p_expected_version)) then
      raise exception using errcode = '${CONCURRENCY_SQLSTATE}',
        message = format('stream %s is at version %s', p_stream_id, v_version), detail = v_version::text;
    end if;

    for v_index in 0 .. v_count - 1 loop
      v_event := p_events->v_index;
      v_metadata := v_event->'metadata';
      v_version := v_version + 1;
      v_prev_hash := v_hash;
      -- Hashed as appended, whatever is stored.
      v_hash := event_hash(v_prev_hash, p_stream_id, v_version, v_event->>'type',
        (v_event->>'schemaVersion')::integer, v_event->'data', v_metadata, v_recorded_at);
      v_last := v_index = v_count - 1;
      v_folded := coalesce(v_last and v_sha256 is not null
        and v_metadata->'commandId' = to_jsonb(p_command_id)
        and v_metadata->'commandDigest' = to_jsonb(p_command_digest), false);
      insert into events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at,
          prev_hash, hash, command_id, command_digest, command_sha256, command_in_metadata)
        values (p_stream_id, v_version, v_event->>'type', (v_event->>'schemaVersion')::integer,
          v_event->'data', case when v_folded then v_metadata - 'commandId' - 'commandDigest' else v_metadata end,
          v_recorded_at, v_prev_hash, v_hash,
          case when v_last then p_command_id end,
          case when v_last and v_sha256 is null then p_command_digest end,
          case when v_last then v_sha256 end,
          case when v_folded then true end)
        returning global_position into v_position;
    end loop;

    return query select v_version, pg_current_xact_id()::text, v_position::text, false;
  end $$`,
];

// Each hash stored once, as its 32 bytes: `hash_sha256` instead of 64 hex characters in `hash`,
// and no `prev_hash` (a single-event command's row: ~390 bytes of heap and indexes instead of 487
// in the append bench).
// - `prev_hash` only repeated the hash of the stream's event before: verification takes that one
//   from the row before (`lag` over the stream), and `append_events` reads the head's hash. The
//   check is the same: every event's hash must be the digest of its predecessor's hash and its
//   own content. What the column alone added was a place to edit without effect on anything else.
//   Dropping it is a catalog change; old rows give their space back when converted (below).
// - The digest is still computed by `event_hash` over the predecessor's hash in hex, as before,
//   so every stored and sealed hash stays valid; `event_hash_text` gives the hash in hex from
//   either column, for every reader and for verification.
// - `hash` keeps the hashes of rows appended before, until `convertEventRows` moves each to
//   `hash_sha256` (batched, resumable, through the trigger's exception of 0005: the hash a reader
//   sees stays the same, text for text). A hash that is not SHA-256 in hex stays where it is.
// - `hash` loses its NOT NULL; a check (NOT VALID: old rows are not scanned under the lock, and
//   they all have a hash) requires one of the two columns on every row written from now on.
const hashesStoredAsBytes: readonly string[] = [
  // Catalog changes only, under one short lock: no row is rewritten here.
  `alter table events add column hash_sha256 bytea, alter column hash drop not null, drop column prev_hash,
    add constraint events_hash_stored check (hash_sha256 is not null or hash is not null) not valid`,
  `insert into event_store_conversions (name, through_position, last_position)
    select '${CONVERSION_0006}', 0, coalesce(max(global_position), 0) from events`,

  // The event's hash in hex, from either column.
  `create function event_hash_text(p_hash_sha256 bytea, p_hash text)
  returns text language sql immutable parallel safe as $$
    select coalesce(encode(p_hash_sha256, 'hex'), p_hash)
  $$`,

  `create or replace function events_forbid_change() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' and current_setting('${CONVERTING_SETTING}', true) = 'on'
      and (new.global_position, new.stream_id, new.stream_version, new.type, new.schema_version, new.data::text,
          new.recorded_at, new.transaction_id, event_hash_text(new.hash_sha256, new.hash), new.command_id,
          event_command_digest(new.command_sha256, new.command_digest),
          event_metadata(new.metadata, new.command_in_metadata, new.command_id, new.command_sha256)::text)
        is not distinct from
        (old.global_position, old.stream_id, old.stream_version, old.type, old.schema_version, old.data::text,
          old.recorded_at, old.transaction_id, event_hash_text(old.hash_sha256, old.hash), old.command_id,
          event_command_digest(old.command_sha256, old.command_digest),
          event_metadata(old.metadata, old.command_in_metadata, old.command_id, old.command_sha256)::text) then
      return new;
    end if;
    raise exception 'events are append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
  end $$`,

  `create or replace function append_events(
    p_stream_id text, p_expected_kind text, p_expected_version integer,
    p_events jsonb, p_command_id text, p_command_digest text, p_recorded_at timestamptz
  ) returns table (result_version integer, result_transaction text, result_position text, result_duplicate boolean)
  language plpgsql as $$
  declare
    v_count integer := jsonb_array_length(p_events);
    v_version integer;
    v_hash text;
    v_event jsonb;
    v_metadata jsonb;
    v_index integer;
    v_last boolean;
    v_folded boolean;
    v_position bigint;
    v_done record;
    v_sha256 bytea := case when p_command_digest ~ '^[0-9a-f]{64}$' then decode(p_command_digest, 'hex') end;
    -- Milliseconds, because clients hold instants as JS Dates and ask "as of" that precision.
    v_recorded_at timestamptz := coalesce(p_recorded_at, date_trunc('milliseconds', now()));
  begin
    -- A concurrent attempt of the same command waits here for the first one to finish; a repeat
    -- gets the original result even when its expected version is stale, if it is the same command.
    if p_command_id is not null then
      perform pg_advisory_xact_lock(${COMMAND_LOCK_CLASS}, hashtext(p_command_id));
      select e.stream_id, event_command_digest(e.command_sha256, e.command_digest) as command_digest,
          e.stream_version, e.transaction_id, e.global_position
        into v_done
        from events e where e.command_id = p_command_id;
      if not found then
        select e.stream_id, null::text as command_digest, e.stream_version, e.transaction_id, e.global_position
          into v_done
          from event_commands c join events e on e.stream_id = c.stream_id and e.stream_version = c.stream_version
          where c.command_id = p_command_id;
      end if;
      if found then
        if v_done.stream_id <> p_stream_id or p_command_digest <> v_done.command_digest then
          raise exception using errcode = '${COMMAND_REUSED_SQLSTATE}',
            message = format('command id %s was used for another command', p_command_id);
        end if;
        return query select v_done.stream_version, v_done.transaction_id::text, v_done.global_position::text, true;
        return;
      end if;
    end if;

    -- The head as last committed; see 0003 for why no lock is needed.
    select e.stream_version, event_hash_text(e.hash_sha256, e.hash) into v_version, v_hash
      from events e where e.stream_id = p_stream_id order by e.stream_version desc limit 1;
    v_version := coalesce(v_version, 0);
    if not (p_expected_kind = 'any'
        or (p_expected_kind = 'no_stream' and v_version = 0)
        or (p_expected_kind = 'stream_exists' and v_version > 0)
        or (p_expected_kind = 'exact' and v_version = p_expected_version)) then
      raise exception using errcode = '${CONCURRENCY_SQLSTATE}',
        message = format('stream %s is at version %s', p_stream_id, v_version), detail = v_version::text;
    end if;

    for v_index in 0 .. v_count - 1 loop
      v_event := p_events->v_index;
      v_metadata := v_event->'metadata';
      v_version := v_version + 1;
      -- Hashed as appended, whatever is stored; chained through the predecessor's hash in hex.
      v_hash := event_hash(v_hash, p_stream_id, v_version, v_event->>'type',
        (v_event->>'schemaVersion')::integer, v_event->'data', v_metadata, v_recorded_at);
      v_last := v_index = v_count - 1;
      v_folded := coalesce(v_last and v_sha256 is not null
        and v_metadata->'commandId' = to_jsonb(p_command_id)
        and v_metadata->'commandDigest' = to_jsonb(p_command_digest), false);
      insert into events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at,
          hash_sha256, command_id, command_digest, command_sha256, command_in_metadata)
        values (p_stream_id, v_version, v_event->>'type', (v_event->>'schemaVersion')::integer,
          v_event->'data', case when v_folded then v_metadata - 'commandId' - 'commandDigest' else v_metadata end,
          v_recorded_at, decode(v_hash, 'hex'),
          case when v_last then p_command_id end,
          case when v_last and v_sha256 is null then p_command_digest end,
          case when v_last then v_sha256 end,
          case when v_folded then true end)
        returning global_position into v_position;
    end loop;

    return query select v_version, pg_current_xact_id()::text, v_position::text, false;
  end $$`,
];

// The command id's unique index holds a 16-byte key of the id instead of the id itself (a
// single-event command's row: 378 bytes of heap and indexes instead of 390 in the append bench,
// whose ids are up to 12 characters). An entry was 8 bytes of header plus the id's, aligned to 8
// (48 for a 36-character UUID); now it is 24 whatever the id's length.
// - `command_key` is the first 16 bytes of the SHA-256 of the id's UTF-8 bytes, as a `uuid`: a
//   fixed-length 16-byte type, so the entry has no length header and aligns to 24 bytes (a 16-byte
//   `bytea` takes 32). SHA-256 and not md5: md5 collisions are cheap to make, a 128-bit SHA-256
//   prefix needs some 2^64 attempts, and a preimage (an id with the key of someone else's) is out
//   of reach for both. `convert_to` is STABLE only because encoding conversions are catalog
//   objects; from a database's encoding (fixed when it is created) to UTF-8 it always gives the
//   same bytes (a UTF-8 database: the text's own), so the function is IMMUTABLE as an index needs.
// - Every lookup goes through the key and compares the stored id too: a different id with the same
//   key is refused with ES422 (IdempotencyKeyReused), as a reused id is, never answered as a repeat
//   and never stored beside it. The advisory lock is taken on the key, so two such ids are
//   serialised like two attempts of one id, and the second sees the first's row.
// - The index is built in the migration's transaction (kysely's Migrator runs every pending
//   migration in one, so CREATE INDEX CONCURRENTLY cannot be used): appends wait while it is built
//   (reads go on), about 5 s per 1,000,000 command ids on a 2-core machine besides reading the
//   table (a scratch table of 1,000,000 ids, under load). Commands appended before stay answered, and
//   ids recorded in `event_commands` before 0003 are still looked up there by the id itself.
const commandKeyIndex: readonly string[] = [
  `create function command_key(p_command_id text)
  returns uuid language sql immutable strict parallel safe as $$
    select encode(substring(sha256(convert_to(p_command_id, 'UTF8')) from 1 for 16), 'hex')::uuid
  $$`,
  'create unique index events_command_key on events (command_key(command_id)) where command_id is not null',
  `create or replace function append_events(
    p_stream_id text, p_expected_kind text, p_expected_version integer,
    p_events jsonb, p_command_id text, p_command_digest text, p_recorded_at timestamptz
  ) returns table (result_version integer, result_transaction text, result_position text, result_duplicate boolean)
  language plpgsql as $$
  declare
    v_count integer := jsonb_array_length(p_events);
    v_version integer;
    v_hash text;
    v_event jsonb;
    v_metadata jsonb;
    v_index integer;
    v_last boolean;
    v_folded boolean;
    v_position bigint;
    v_done record;
    v_sha256 bytea := case when p_command_digest ~ '^[0-9a-f]{64}$' then decode(p_command_digest, 'hex') end;
    v_key uuid := command_key(p_command_id);
    -- Milliseconds, because clients hold instants as JS Dates and ask "as of" that precision.
    v_recorded_at timestamptz := coalesce(p_recorded_at, date_trunc('milliseconds', now()));
  begin
    -- A concurrent attempt of the same command waits here for the first one to finish; a repeat
    -- gets the original result even when its expected version is stale, if it is the same command.
    if p_command_id is not null then
      perform pg_advisory_xact_lock(${COMMAND_LOCK_CLASS}, hashtext(v_key::text));
      select e.stream_id, event_command_digest(e.command_sha256, e.command_digest) as command_digest,
          e.stream_version, e.transaction_id, e.global_position, e.command_id
        into v_done
        from events e where command_key(e.command_id) = v_key and e.command_id is not null;
      if not found then
        select e.stream_id, null::text as command_digest, e.stream_version, e.transaction_id, e.global_position,
            c.command_id
          into v_done
          from event_commands c join events e on e.stream_id = c.stream_id and e.stream_version = c.stream_version
          where c.command_id = p_command_id;
      end if;
      if found then
        -- Another id with the same key (a digest collision) is refused as a reuse: the unique
        -- index on the key could not hold both.
        if v_done.command_id <> p_command_id or v_done.stream_id <> p_stream_id
            or p_command_digest <> v_done.command_digest then
          raise exception using errcode = '${COMMAND_REUSED_SQLSTATE}',
            message = format('command id %s was used for another command', p_command_id);
        end if;
        return query select v_done.stream_version, v_done.transaction_id::text, v_done.global_position::text, true;
        return;
      end if;
    end if;

    -- The head as last committed; see 0003 for why no lock is needed.
    select e.stream_version, event_hash_text(e.hash_sha256, e.hash) into v_version, v_hash
      from events e where e.stream_id = p_stream_id order by e.stream_version desc limit 1;
    v_version := coalesce(v_version, 0);
    if not (p_expected_kind = 'any'
        or (p_expected_kind = 'no_stream' and v_version = 0)
        or (p_expected_kind = 'stream_exists' and v_version > 0)
        or (p_expected_kind = 'exact' and v_version = p_expected_version)) then
      raise exception using errcode = '${CONCURRENCY_SQLSTATE}',
        message = format('stream %s is at version %s', p_stream_id, v_version), detail = v_version::text;
    end if;

    for v_index in 0 .. v_count - 1 loop
      v_event := p_events->v_index;
      v_metadata := v_event->'metadata';
      v_version := v_version + 1;
      -- Hashed as appended, whatever is stored; chained through the predecessor's hash in hex.
      v_hash := event_hash(v_hash, p_stream_id, v_version, v_event->>'type',
        (v_event->>'schemaVersion')::integer, v_event->'data', v_metadata, v_recorded_at);
      v_last := v_index = v_count - 1;
      v_folded := coalesce(v_last and v_sha256 is not null
        and v_metadata->'commandId' = to_jsonb(p_command_id)
        and v_metadata->'commandDigest' = to_jsonb(p_command_digest), false);
      insert into events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at,
          hash_sha256, command_id, command_digest, command_sha256, command_in_metadata)
        values (p_stream_id, v_version, v_event->>'type', (v_event->>'schemaVersion')::integer,
          v_event->'data', case when v_folded then v_metadata - 'commandId' - 'commandDigest' else v_metadata end,
          v_recorded_at, decode(v_hash, 'hex'),
          case when v_last then p_command_id end,
          case when v_last and v_sha256 is null then p_command_digest end,
          case when v_last then v_sha256 end,
          case when v_folded then true end)
        returning global_position into v_position;
    end loop;

    return query select v_version, pg_current_xact_id()::text, v_position::text, false;
  end $$`,
  'drop index events_command_id',
];

function migration(statements: readonly string[]): Migration {
  return {
    async up(db) {
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}

/** Every schema version of the event store, in order. Add entries; never edit a released one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial_schema': migration(initialSchema),
  '0002_append_writes_command_once': migration(appendWritesCommandOnce),
  '0003_append_without_head_row': migration(appendWithoutHeadRow),
  '0004_append_checks_command_digest': migration(appendChecksCommandDigest),
  [CONVERSION_0005]: migration(eventFactsStoredOnce),
  [CONVERSION_0006]: migration(hashesStoredAsBytes),
  '0007_command_key_index': migration(commandKeyIndex),
  [CONVERSION_0008]: migration(actorStoredInColumns),
};

/**
 * The migrator of the event store's schema. Its bookkeeping tables are prefixed so read-model
 * migrations can share the database. {@link migrateEventStore} is what processes run.
 */
export function eventStoreMigrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'event_store_migrations',
    migrationLockTableName: 'event_store_migrations_lock',
  });
}

/**
 * Brings the event store's tables and functions to the latest version, then converts the rows
 * written before a migration that changed their storage ({@link convertEventRows}: batched, while
 * the log is in use, resumed where an interrupted run stopped). Safe to run concurrently and
 * repeatedly (kysely's Migrator locks and records what ran; the conversion records its progress).
 */
export async function migrateEventStore<DB>(db: Kysely<DB>): Promise<void> {
  const { error } = await eventStoreMigrator(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`Event store migration failed: ${String(error)}`);
  await convertEventRows(db);
}
