import { type Attributes, trace } from '@opentelemetry/api';
import { inSpan } from '@support-engine/eventstore-postgres';
import { getOperationAST, Kind } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Runs `work` in an active span of the API's tracer (see the store's `inSpan`). Spans cost nothing
 * until the process registers a tracer provider (the CLI does when `OTEL_EXPORTER_OTLP_ENDPOINT`
 * is set; a test registers its own).
 */
export function inApiSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return inSpan('support-engine-api', name, attributes, work);
}

/**
 * Names the request's span after the GraphQL operation it runs: its name (`graphql.mutation
 * OpenIt`), or for an anonymous one its root fields (`graphql.mutation openTicket`), which
 * `graphql.fields` lists either way.
 */
export function useOperationSpanName(): Plugin {
  return {
    onExecute({ args }) {
      const span = trace.getActiveSpan();
      if (span === undefined) return;
      const operation = getOperationAST(args.document, args.operationName);
      const type = operation?.operation ?? 'query';
      const name = operation?.name?.value;
      const fields = (operation?.selectionSet.selections ?? []).flatMap((selection) =>
        selection.kind === Kind.FIELD ? [selection.name.value] : [],
      );
      const label = name ?? fields.join(',');
      span.updateName(`graphql.${type}${label ? ` ${label}` : ''}`);
      span.setAttribute('graphql.operation.type', type);
      span.setAttribute('graphql.fields', fields);
      if (name) span.setAttribute('graphql.operation.name', name);
    },
  };
}
