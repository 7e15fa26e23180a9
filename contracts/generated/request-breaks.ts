import type { OpenAPIV3_1 } from 'openapi-types';
import type { Assumption } from '../../openapi/assumption-marks.ts';
import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { CallOptions } from '../../client/http-client.ts';
import type { RunContext } from '../run-context.ts';
import { applyBreak, keywordsOf, ruleBreaks, ruleKinds, type RuleKind } from './rule-breaks.ts';

type SchemaObject = OpenAPIV3_1.SchemaObject;

/** A valid request with exactly one rule broken, the status the document then declares, and whose rule it is. */
export interface BrokenRequest {
  readonly kind: RuleKind;
  readonly request: CallOptions;
  readonly status: number;
  /** What was sent, as a message names it. */
  readonly sent: string;
  readonly assumption: Assumption | undefined;
}

/** One way to break the request, built on demand (the oracle may find it breaks more than one rule: undefined). */
export interface PossibleBreak {
  readonly kind: RuleKind;
  readonly build: () => BrokenRequest | undefined;
}

/** One break of a kind, the kind drawn first so every kind gets its share of the cases. */
export function pickBreak(
  breaks: readonly PossibleBreak[],
  kindPick: number,
  pick: number,
): PossibleBreak | undefined {
  const kinds = ruleKinds.filter((kind) => breaks.some((b) => b.kind === kind));
  const kind = kinds[kindPick % Math.max(1, kinds.length)];
  const ofKind = breaks.filter((b) => b.kind === kind);
  return ofKind[pick % Math.max(1, ofKind.length)];
}

// The status a request breaking one rule of its schema gets; a media type the operation does not take gets its own.
const invalid = 400;
const unsupported = 415;

/**
 * Every way to break one rule of a valid request: its body (see ruleBreaks: kept only when the
 * document's validator finds exactly that kind of rule broken), its query parameters (type,
 * bounds, enum, format, a required one left out) and its media type (when the operation refuses
 * other media types with a declared 415). Header parameters are left alone: a missing credential
 * header is a 401, which the auth checks own.
 */
export function requestBreaks(
  context: RunContext,
  operation: OperationPlan,
  valid: CallOptions,
): PossibleBreak[] {
  const { plan } = context;
  const breaks: PossibleBreak[] = [];
  if (!operation.statuses.includes(invalid)) return breaks;
  const body = operation.body;
  if (body && valid.body !== undefined) {
    for (const rule of ruleBreaks(valid.body, body.schema)) {
      if (rule.kind === 'unknown-field' && body.unknownFields === 'drop') continue;
      breaks.push({
        kind: rule.kind,
        build: () => {
          const broken = applyBreak(valid.body, rule);
          // A target that does not share the rule may create what it was sent: it must still carry
          // the run's tag (an email or an externalId), or the cleanup could not tell it is the run's.
          if (!keepsTag(context, valid.body, broken)) return undefined;
          // Too large is a rule of its own (413): a break keeps within the byte limit.
          const { maxBytes } = body;
          if (maxBytes !== undefined && new TextEncoder().encode(JSON.stringify(broken)).length > maxBytes)
            return undefined;
          const problems = context.validate(body.schema, broken);
          // The oracle: exactly this kind of rule broken, nothing else.
          if (problems.length === 0 || !problems.every((p) => keywordsOf[rule.kind].includes(p.keyword)))
            return undefined;
          const [first] = problems;
          return {
            kind: rule.kind,
            request: { ...valid, body: broken },
            status: invalid,
            sent: rule.sent,
            assumption: first ? plan.assumptionOf(first.schema, first.keyword) : undefined,
          };
        },
      });
    }
    if (body.refusesOtherMediaTypes && operation.statuses.includes(unsupported)) {
      breaks.push({
        kind: 'media-type',
        build: () => ({
          kind: 'media-type',
          request: { ...valid, contentType: 'text/plain' },
          status: unsupported,
          sent: `a JSON body sent as text/plain (the operation takes ${body.mediaTypes.join(', ')})`,
          assumption: plan.assumptionOf(operation.response(unsupported), 'status'),
        }),
      });
    }
  }
  for (const parameter of operation.parameters.query) {
    const schema = (parameter.schema ?? {}) as SchemaObject;
    const name = parameter.name;
    const send = (kind: RuleKind, value: string | undefined, sent: string, keyword: string) =>
      breaks.push({
        kind,
        build: () => ({
          kind,
          request: { ...valid, query: { ...valid.query, [name]: value } },
          status: invalid,
          sent: `query parameter ${name} ${sent}`,
          assumption: plan.assumptionOf(keyword === 'required' ? parameter : schema, keyword),
        }),
      });
    if (parameter.required === true && valid.query?.[name] !== undefined)
      send('required', undefined, 'left out', 'required');
    if (schema.type === 'integer' || schema.type === 'number')
      send('type', 'ct-not-a-number', "'ct-not-a-number'", 'type');
    if (schema.type === 'boolean') send('type', 'ct-not-a-boolean', "'ct-not-a-boolean'", 'type');
    if (schema.enum) send('enum', 'ct-not-listed', 'outside its enum', 'enum');
    if (schema.format === 'email') send('format', 'not-an-email-address', 'not an email', 'format');
    if (schema.maxLength !== undefined)
      send(
        'bound',
        'x'.repeat(schema.maxLength + 1),
        `of ${schema.maxLength + 1} characters (maxLength ${schema.maxLength})`,
        'maxLength',
      );
    if (schema.maximum !== undefined)
      send(
        'bound',
        String(schema.maximum + 1),
        `${schema.maximum + 1} (maximum ${schema.maximum})`,
        'maximum',
      );
    if (schema.minimum !== undefined)
      send(
        'bound',
        String(schema.minimum - 1),
        `${schema.minimum - 1} (minimum ${schema.minimum})`,
        'minimum',
      );
  }
  return breaks;
}

function keepsTag(context: RunContext, before: unknown, after: unknown): boolean {
  const { emailPrefix, externalIdPrefix } = context.data;
  const count = (value: unknown, tag: string) => JSON.stringify(value).split(tag).length - 1;
  return [emailPrefix, externalIdPrefix].some((tag) => count(after, tag) >= count(before, tag));
}
