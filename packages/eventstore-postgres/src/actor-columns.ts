import { CONVERSION_0008, CONVERTING_SETTING } from './convert-rows.js';
import { COMMAND_LOCK_CLASS, COMMAND_REUSED_SQLSTATE, CONCURRENCY_SQLSTATE } from './sql-codes.js';

// Migration 0008: the actor stored in two columns instead of two metadata keys. Every command's
// events carry `actorId` and `actorRole` in their metadata; as jsonb the two keys and their values
// took about 43 bytes of a single-event command's row, where two short text columns take about 13
// and the metadata left (usually nothing) is NULL instead of `{}` (append bench: 378 bytes an event
// with indexes before, see bench/README.md for after).
// - `event_metadata` (six arguments) puts both keys back for every reader; jsonb is normalised
//   (keys sorted, duplicates dropped), so the value and its text are the ones appended and the
//   hash, computed over the metadata as appended, verifies unchanged.
// - Only when both are strings: any other metadata is stored as appended.
// - Rows appended before are converted by `convertEventRows` (batched, resumable, while the log is
//   in use); until then they are read as stored. The append-only trigger lets such a conversion
//   through only when every field a reader sees stays exactly as it was, now through the new function.
// - `metadata` becomes nullable (a catalog change: nothing is rewritten).
export const actorStoredInColumns: readonly string[] = [
  'alter table events add column actor_id text, add column actor_role text, alter column metadata drop not null',
  `insert into event_store_conversions (name, through_position, last_position)
    select '${CONVERSION_0008}', 0, coalesce(max(global_position), 0) from events`,

  // The metadata as appended, from its stored form.
  `create function event_metadata(
    p_metadata jsonb, p_command_in_metadata boolean, p_command_id text, p_command_sha256 bytea,
    p_actor_id text, p_actor_role text
  ) returns jsonb language sql immutable parallel safe as $$
    select event_metadata(coalesce(p_metadata, '{}'::jsonb), p_command_in_metadata, p_command_id, p_command_sha256)
      || case when p_actor_id is not null
        then jsonb_build_object('actorId', p_actor_id, 'actorRole', p_actor_role) else '{}'::jsonb end
  $$`,

  `create or replace function events_forbid_change() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' and current_setting('${CONVERTING_SETTING}', true) = 'on'
      and (new.global_position, new.stream_id, new.stream_version, new.type, new.schema_version, new.data::text,
          new.recorded_at, new.transaction_id, event_hash_text(new.hash_sha256, new.hash), new.command_id,
          event_command_digest(new.command_sha256, new.command_digest),
          event_metadata(new.metadata, new.command_in_metadata, new.command_id, new.command_sha256,
            new.actor_id, new.actor_role)::text)
        is not distinct from
        (old.global_position, old.stream_id, old.stream_version, old.type, old.schema_version, old.data::text,
          old.recorded_at, old.transaction_id, event_hash_text(old.hash_sha256, old.hash), old.command_id,
          event_command_digest(old.command_sha256, old.command_digest),
          event_metadata(old.metadata, old.command_in_metadata, old.command_id, old.command_sha256,
            old.actor_id, old.actor_role)::text) then
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
    v_actor boolean;
    v_stored jsonb;
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
      -- The actor in its columns when both keys are strings (every command's events).
      v_actor := jsonb_typeof(v_metadata->'actorId') = 'string' and jsonb_typeof(v_metadata->'actorRole') = 'string';
      v_stored := case when v_folded then v_metadata - 'commandId' - 'commandDigest' else v_metadata end;
      if v_actor then v_stored := nullif(v_stored - 'actorId' - 'actorRole', '{}'::jsonb); end if;
      insert into events (stream_id, stream_version, type, schema_version, data, metadata, recorded_at,
          hash_sha256, command_id, command_digest, command_sha256, command_in_metadata, actor_id, actor_role)
        values (p_stream_id, v_version, v_event->>'type', (v_event->>'schemaVersion')::integer,
          v_event->'data', v_stored, v_recorded_at, decode(v_hash, 'hex'),
          case when v_last then p_command_id end,
          case when v_last and v_sha256 is null then p_command_digest end,
          case when v_last then v_sha256 end,
          case when v_folded then true end,
          case when v_actor then v_metadata->>'actorId' end,
          case when v_actor then v_metadata->>'actorRole' end)
        returning global_position into v_position;
    end loop;

    return query select v_version, pg_current_xact_id()::text, v_position::text, false;
  end $$`,
];
