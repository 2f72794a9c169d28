import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { TicketPriority } from '@support-engine/domain';
import { MAX_ATTACHMENTS_PER_MESSAGE } from '@support-engine/domain/attachment';
import { MAX_TIER, TicketChannel } from '@support-engine/domain/ticket';
import { MAX_WIDGET_LANGUAGES } from '@support-engine/domain/widget';
import { SNAPSHOT_INTERVAL } from '@support-engine/projections';
import type { Plugin } from 'graphql-yoga';
import {
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  getNullableType,
  getOperationAST,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  SchemaMetaFieldDef,
  type SelectionSetNode,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from './engine.js';

/** The bounds a query must stay within. */
export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxComplexity: number;
  /** Most root fields per query and per mutation (subscriptions have one, by graphql's own rule). */
  readonly maxRootFields: { readonly query: number; readonly mutation: number };
}

/** The bounds of a whole document: the query limits and the parser's and validator's. */
export interface DocumentLimits extends QueryLimits {
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
}

const tooComplex = (message: string, node?: ASTNode) =>
  new GraphQLError(message, { nodes: node, extensions: { code: 'QUERY_TOO_COMPLEX' } });

/**
 * Every document limit as yoga plugins, each refusal a `QUERY_TOO_COMPLEX` error: the token
 * count while parsing (so an oversized document costs no more than its first tokens), then the
 * query limits ({@link queryLimitsRule}) and the alias and directive counts while validating.
 * Validation results are cached per document by yoga, so a document is measured once.
 */
export function documentLimits(limits: DocumentLimits): Plugin[] {
  // One rule for the server's lifetime: yoga keys its validation cache by the rules' names.
  const rule = queryLimitsRule(limits);
  // graphql-armor reports with its own message and no code; each limit reports ours instead.
  const report = (message: string) => ({
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null) => context?.reportError(tooComplex(message))],
  });
  return [
    maxTokensPlugin({
      n: limits.maxTokens,
      // Thrown from inside the parser: parsing stops at the first token over the limit.
      onReject: [
        () => {
          throw tooComplex(`The document has more than ${limits.maxTokens} tokens, the limit`);
        },
      ],
    }),
    { onValidate: ({ addValidationRule }) => addValidationRule(rule) },
    maxAliasesPlugin({
      n: limits.maxAliases,
      ...report(`The document uses more than ${limits.maxAliases} aliases, the limit`),
    }),
    maxDirectivesPlugin({
      n: limits.maxDirectives,
      ...report(`The document uses more than ${limits.maxDirectives} directives, the limit`),
    }),
  ];
}

/**
 * Root fields an operation may select once only (a second, aliased or repeated with other
 * arguments, is refused with `QUERY_TOO_COMPLEX`): each replays ticket streams, so aliases would
 * multiply a budget meant for one.
 */
export const ONE_PER_OPERATION: ReadonlySet<string> = new Set(['slaWhatIf']);

/** Assumed length of a list field that does not say how many items it wants. */
export const DEFAULT_LIST_SIZE = 20;
/** Assumed length when `first` is a variable (unknown while validating): the largest page. */
export const MAX_LIST_SIZE = 100;

/** Lists whose length the domain bounds below the default estimate: they cost what they can hold. */
const BOUNDED_LISTS: Readonly<Record<string, number>> = {
  'TicketMessage.attachments': MAX_ATTACHMENTS_PER_MESSAGE,
  'ChatMessage.attachments': MAX_ATTACHMENTS_PER_MESSAGE,
  // A report's breakdowns by a closed set: priced at the default, a dashboard asking for every
  // figure of every breakdown was refused.
  'MetricsGroup.escalationByTier': MAX_TIER,
  'TicketMetrics.byTier': MAX_TIER,
  'TicketMetrics.byPriority': TicketPriority.options.length,
  'TicketMetrics.byChannel': TicketChannel.options.length,
  'WidgetTopic.label': MAX_WIDGET_LANGUAGES,
  'Widget.greeting': MAX_WIDGET_LANGUAGES,
};

/**
 * Surcharge of a field read as of an instant (`ticket(asOf:)`, `chat(asOf:)`): the events such a
 * read folds after its snapshot, at most one snapshot interval (a chat, which keeps none, folds
 * about as many). What it really replays is held to the request's replay budget while it runs
 * (`maxReplayEvents`).
 */
export const AS_OF_COST = SNAPSHOT_INTERVAL;

interface Measure {
  readonly depth: number;
  readonly cost: number;
}

const NOTHING: Measure = { depth: 0, cost: 0 };

/**
 * Refuses operations with more root fields than `maxRootFields` allows their kind (counted by
 * {@link rootFields}), selecting a field of {@link ONE_PER_OPERATION} twice, deeper than
 * `maxDepth` or costlier than `maxComplexity`, with code
 * `QUERY_TOO_COMPLEX`. Cost: each field costs 1 plus its selection times the list size it
 * fans out to (a literal `first`, {@link MAX_LIST_SIZE} for a variable `first`,
 * {@link DEFAULT_LIST_SIZE} for other lists; the `items` of a paged field are not counted twice).
 * A list that takes a `first` but is not given one costs {@link MAX_LIST_SIZE}, its most. A field
 * given an `asOf` adds {@link AS_OF_COST}, so aliasing many past views is refused up front.
 * Fragments are measured once each, so a query built to explode by fragment reuse is priced
 * (and refused) without the rule itself exploding. Introspection fields are bounded by the
 * schema, so they cost but add no depth (GraphiQL's introspection query stays allowed).
 */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const root = context.getSchema().getRootType(operation.operation);
      if (!root) return;
      const refuse = (message: string) => context.reportError(tooComplex(message, operation));
      const kind = operation.operation;
      const maxRootFields = kind === 'subscription' ? Number.POSITIVE_INFINITY : limits.maxRootFields[kind];
      const selected = [...rootFields(operation, (name) => context.getFragment(name)).values()];
      const fields = selected.length;
      if (fields > maxRootFields)
        refuse(`The ${kind} selects ${fields} root fields, over the limit of ${maxRootFields}`);
      for (const name of ONE_PER_OPERATION)
        if (selected.filter((field) => field === name).length > 1) refuse(`The ${kind} selects ${name} more than once`);
      const { depth, cost } = new Measurer(context).selectionSet(operation.selectionSet, root, false);
      if (depth > limits.maxDepth) refuse(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}`);
      if (cost > limits.maxComplexity) refuse(`Query cost ${cost} exceeds the limit of ${limits.maxComplexity}`);
    },
  });
}

class Measurer {
  readonly #fragments = new Map<string, Measure>();
  readonly #inProgress = new Set<string>();

  constructor(private readonly context: ValidationContext) {}

  selectionSet(set: SelectionSetNode, parent: GraphQLNamedType, paged: boolean): Measure {
    let depth = 0;
    let cost = 0;
    for (const selection of set.selections) {
      const measure =
        selection.kind === Kind.FIELD
          ? this.field(selection, parent, paged)
          : selection.kind === Kind.INLINE_FRAGMENT
            ? this.selectionSet(
                selection.selectionSet,
                this.typeNamed(selection.typeCondition?.name.value) ?? parent,
                paged,
              )
            : this.fragment(selection.name.value, paged);
      depth = Math.max(depth, measure.depth);
      cost += measure.cost;
    }
    return { depth, cost };
  }

  private field(node: FieldNode, parent: GraphQLNamedType, paged: boolean): Measure {
    const definition = fieldDefinition(parent, node.name.value);
    // Introspection: the meta fields and every field of the introspection types (`__Type`...).
    const introspection = node.name.value.startsWith('__') || parent.name.startsWith('__');
    if (!definition) return { depth: introspection ? 0 : 1, cost: 1 };
    const first = node.arguments?.find((argument) => argument.name.value === 'first');
    const list = isListType(getNullableType(definition.type));
    const size = first
      ? listSize(first.value)
      : list
        ? (BOUNDED_LISTS[`${parent.name}.${definition.name}`] ?? this.#unsizedList(definition, paged, introspection))
        : 1;
    const below = node.selectionSet
      ? this.selectionSet(node.selectionSet, getNamedType(definition.type), first !== undefined)
      : NOTHING;
    const asOf = node.arguments?.some(
      (argument) => argument.name.value === 'asOf' && argument.value.kind !== Kind.NULL,
    );
    return {
      depth: introspection ? 0 : 1 + below.depth,
      cost: 1 + (asOf ? AS_OF_COST : 0) + size * below.cost,
    };
  }

  #unsizedList(definition: GraphQLField<unknown, unknown>, paged: boolean, introspection: boolean): number {
    if (definition.args.some((argument) => argument.name === 'first')) return MAX_LIST_SIZE;
    return paged || introspection ? 1 : DEFAULT_LIST_SIZE;
  }

  private fragment(name: string, paged: boolean): Measure {
    const key = `${name}:${paged}`;
    const known = this.#fragments.get(key);
    if (known) return known;
    const fragment = this.context.getFragment(name);
    // Unknown fragments and cycles are reported by graphql's own rules.
    if (!fragment || this.#inProgress.has(key)) return NOTHING;
    this.#inProgress.add(key);
    const type = this.typeNamed(fragment.typeCondition.name.value);
    const measure = type ? this.selectionSet(fragment.selectionSet, type, paged) : NOTHING;
    this.#inProgress.delete(key);
    this.#fragments.set(key, measure);
    return measure;
  }

  private typeNamed(name: string | undefined): GraphQLNamedType | undefined {
    return name === undefined ? undefined : this.context.getSchema().getType(name);
  }
}

// The introspection entry points are not among a type's own fields.
const META_FIELDS: Readonly<Record<string, GraphQLField<unknown, unknown>>> = {
  __schema: SchemaMetaFieldDef,
  __type: TypeMetaFieldDef,
  __typename: TypeNameMetaFieldDef,
};

function fieldDefinition(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  const own = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  return own ?? META_FIELDS[name];
}

/** The largest GraphQL `Int` (32-bit signed): a larger literal is not an Int, and validation refuses it. */
const MAX_GRAPHQL_INT = 2 ** 31 - 1;

// A literal is priced as written (a list refuses more than its own maximum when it runs, and
// some lists allow pages over MAX_LIST_SIZE); a variable at the largest common page, and so is a
// literal that is no Int at all, which validation answers on its own (one error, not two).
function listSize(value: ValueNode): number {
  if (value.kind !== Kind.INT) return MAX_LIST_SIZE;
  const size = Number.parseInt(value.value, 10);
  return size > MAX_GRAPHQL_INT ? MAX_LIST_SIZE : Math.max(size, 1);
}

/**
 * The root fields `operation` runs, each response key (alias, else field name) mapped to its
 * field's name: fields spread from fragments count, and a key selected twice (which graphql
 * merges into one call) counts once.
 */
export function rootFields(
  operation: OperationDefinitionNode,
  fragment: (name: string) => FragmentDefinitionNode | null | undefined,
): ReadonlyMap<string, string> {
  const fields = new Map<string, string>();
  const spread = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.set((selection.alias ?? selection.name).value, selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!spread.has(selection.name.value)) {
        spread.add(selection.name.value);
        const definition = fragment(selection.name.value);
        if (definition) visit(definition.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return fields;
}

/** The root fields ({@link rootFields}) of the operation a request runs; none if it names no operation of the document. */
export function rootFieldsOf(document: DocumentNode, operationName?: string | null): ReadonlyMap<string, string> {
  const operation = getOperationAST(document, operationName);
  if (!operation) return new Map();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return rootFields(operation, (name) => fragments.get(name));
}
