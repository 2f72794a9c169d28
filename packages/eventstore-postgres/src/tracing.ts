import { type Attributes, type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';

/**
 * Runs `work` in an active span of `tracer` named `name`: ended when the work settles, marked as
 * an error (with the exception recorded) when it throws, so spans started inside become its
 * children. Costs nothing until the process registers a tracer provider. The engine's packages
 * share it: this store's appends, the API's requests and commands.
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
