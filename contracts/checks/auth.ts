import type { ApiPlan } from '../../openapi/operation-plan.ts';
import { limitedSetsChecks } from './limited-sets.ts';
import { requiredBehaviorsCheck } from './required-behaviors.ts';
import { missingBehaviorChecks } from './missing-behaviors.ts';
import { otherTenantCheck } from './other-tenant.ts';
import { skip, type Check, type Violation } from '../check.ts';
import { errorSummary } from '../../client/error-summary.ts';
import {
  byExternalIdPrefix,
  expectDeclaredError,
  expectNothingCreated,
  expectRefusedCreatingNothing,
  expectStatus,
  expectSuccess,
  idsOf,
  succeeded,
} from '../expectations.ts';
import { bodyFindings } from '../conformance.ts';
import { locate } from '../../client/http-client.ts';
import { clientCredentials } from '../../client/fetch-token.ts';
import { operations } from '../../client/operations.ts';
import type { RunContext } from '../run-context.ts';
import { splitJwt, tamperSignature, unsignedCopy } from '../tokens.ts';

const bearerRule =
  "securitySchemes.bearerJwt: missing, malformed, another scheme, a bad signature, alg none, expired → 401 with WWW-Authenticate: Bearer and Kibo's error body; nothing is created";

/** The document's auth rules: which credentials are refused, and how. */
export function authChecks(plan: ApiPlan): Check[] {
  const secured = plan.operations.filter((operation) => operation.security.length > 0);
  // A 401 carries WWW-Authenticate, a rule a passing refusal also confirms.
  const challenge = idsOf(
    ...secured.map((o) => {
      const headers = o.response(401)?.headers ?? {};
      const header = Object.entries(headers).find(([name]) => name.toLowerCase() === 'www-authenticate')?.[1];
      return plan.assumptionOf(header, 'required');
    }),
  );
  return [
    {
      group: 'auth',
      id: 'auth.missing-authorization',
      title: 'Every operation that needs a token refuses a request without one',
      rule: `security: bearerJwt on ${secured.map((e) => e.operationId).join(', ')}; ${bearerRule}`,
      assumptions: challenge,
      run: (context) => withoutAuthorization(context),
    },
    refusedToken(
      challenge,
      'auth.non-bearer-scheme',
      'A non-Bearer scheme is refused',
      'a Basic Authorization header',
      () =>
        // Basic with made-up credentials: the scheme is what is judged, and no secret is sent.
        Promise.resolve(`Basic ${Buffer.from('contract:check').toString('base64')}`),
    ),
    refusedToken(
      challenge,
      'auth.garbage-token',
      'A token that is not a JWT is refused',
      'a bearer token that is not a JWT',
      () => Promise.resolve('Bearer contract-check-not-a-token'),
    ),
    refusedToken(
      challenge,
      'auth.tampered-signature',
      'The valid token with its signature altered is refused',
      'the valid token with its signature altered',
      async (context) => {
        const tampered = tamperSignature(await mainToken(context));
        if (tampered === undefined)
          skip("the run's token is not a signed JWT, so there is no signature to alter");
        return `Bearer ${tampered}`;
      },
    ),
    refusedToken(
      challenge,
      'auth.alg-none',
      'The valid token re-encoded with alg none and no signature is refused',
      'the valid token re-encoded with alg none',
      async (context) => {
        const unsigned = unsignedCopy(await mainToken(context));
        if (unsigned === undefined)
          skip("the run's token is not a JWT, so it cannot be re-encoded with alg none");
        return `Bearer ${unsigned}`;
      },
    ),
    refusedToken(
      challenge,
      'auth.expired-token',
      'An expired token is refused',
      'an expired token',
      (context) => {
        const expired = context.target.expiredToken;
        if (expired === undefined) {
          skip(
            'no expired token was given (--expired-token); a client-credentials endpoint cannot be asked for one',
          );
        }
        return Promise.resolve(`Bearer ${expired}`);
      },
    ),
    requiredBehaviorsCheck(plan),
    ...missingBehaviorChecks(plan),
    otherTenantCheck(plan),
    ...limitedSetsChecks(plan),
    tokenAnswerCheck(plan),
    ...tokenRequestChecks(plan),
  ];
}

/**
 * The app-token answer to the run's own credentials, judged by its schema: what Kibo's SDKs log
 * in with. Every body is judged so by the conformance checks too; this one says which answer
 * it is, so the calibration can tell whether the target keeps the kit's reading of it.
 */
function tokenAnswerCheck(plan: ApiPlan): Check {
  const token = plan.operation(operations.token);
  const schema = token.success.schema;
  const assumptions = idsOf(plan.assumptionOf(schema, 'required'));
  return {
    group: 'auth',
    id: 'auth.token-answer',
    title: 'The app-token answer carries what a client logs in with',
    rule: `${token.operationId} → ${token.success.status} with the run's client credentials: ${schema?.required?.join(', ') ?? 'a body'} as its schema declares them`,
    assumptions,
    async run(context) {
      const { clientId, clientSecret } = context.target;
      if (clientId === undefined || clientSecret === undefined)
        skip('no client credentials were given (--client-id and --client-secret): the run did not log in');
      const reply = await context.call(operations.token, {
        body: clientCredentials(clientId, clientSecret),
        authorization: null,
      });
      // Fresh credentials of the target's own: never repeated in a report.
      const answer = (reply.json ?? {}) as { access_token?: unknown; refresh_token?: unknown };
      for (const secret of [answer.access_token, answer.refresh_token])
        if (typeof secret === 'string' && secret !== '') context.redactor.add(secret);
      if (!succeeded(context.plan, reply))
        return expectSuccess(context.plan, reply, "the run's own client credentials");
      return bodyFindings(context.plan, reply, context.validate).map((finding) => ({
        location: locate(reply),
        message: finding.message,
        ...(finding.assumption === undefined ? {} : { assumption: finding.assumption }),
      }));
    },
  };
}

/**
 * The app-token body's required fields: a request without one is malformed (400), told apart
 * from wrong credentials (401), which the target could not even check.
 */
function tokenRequestChecks(plan: ApiPlan): Check[] {
  const token = plan.operation(operations.token);
  const schema = token.body?.schema;
  const required = schema?.required ?? [];
  const assumption = plan.assumptionOf(schema, 'required');
  return required.map((field): Check => ({
    group: 'auth',
    id: `auth.token-request-without-${field}`,
    title: `A token request without ${field} is refused as malformed`,
    rule: `${token.operationId} body required: ${required.join(', ')} → a request without ${field} gets 400 with Kibo's error body`,
    assumptions: idsOf(assumption),
    async run(context) {
      // Made-up values: whatever the target makes of them, no real credentials are sent.
      const body = Object.fromEntries(
        required.filter((other) => other !== field).map((other) => [other, 'contract-check']),
      );
      const reply = await context.call(operations.token, { body, authorization: null });
      return [
        ...expectStatus(reply, [400], `a token request without ${field}`, assumption),
        ...expectDeclaredError(context, reply),
      ];
    },
  }));
}

function refusedToken(
  assumptions: readonly string[],
  id: string,
  title: string,
  sent: string,
  authorization: (context: RunContext) => Promise<string>,
): Check {
  return {
    group: 'auth',
    id,
    title,
    rule: bearerRule,
    assumptions,
    async run(context) {
      const header = await authorization(context);
      context.redactor.add(header.replace(/^\w+ /, ''));
      return refusedBulk(context, header, 401, sent);
    },
  };
}

/** Sends a one-account batch with the given credentials, expecting it refused with nothing created. */
async function refusedBulk(
  context: RunContext,
  authorization: string,
  status: 401 | 403,
  why: string,
): Promise<Violation[]> {
  const label = context.data.label('auth');
  const reply = await context.call(operations.addAccounts, {
    body: [context.data.item(label)],
    authorization,
  });
  return expectRefusedCreatingNothing(context, reply, { status, label, why });
}

async function withoutAuthorization(context: RunContext): Promise<Violation[]> {
  const violations: Violation[] = [];
  // An account that exists, so a read or delete that ignores auth shows it; any id does when none does.
  const existing = await context.batch().then(
    (batch) => (batch.items[0] as { id?: unknown } | undefined)?.id,
    () => undefined,
  );
  const accountId = typeof existing === 'number' ? existing : 1;
  const label = context.data.label('auth');
  for (const entry of context.plan.operations.filter((e) => e.security.length > 0)) {
    // Any value does for another path parameter (a tenant id): the request must be refused first.
    const params = Object.fromEntries(
      entry.parameters.path.map((p) => [
        p.name,
        p.name === 'accountId' ? accountId : (context.target.tenant ?? 1),
      ]),
    );
    const reply = await context.call(entry.operationId, {
      authorization: null,
      params,
      body: entry.operationId === operations.addAccounts ? [context.data.item(label)] : undefined,
    });
    violations.push(
      ...expectStatus(reply, [401], 'no Authorization header'),
      ...expectDeclaredError(context, reply),
    );
  }
  violations.push(
    ...(await expectNothingCreated(
      context,
      byExternalIdPrefix(context.data.externalId(label)),
      'a request without Authorization',
    )),
  );
  if (typeof existing === 'number') {
    const still = await context.call(operations.getAccount, { params: { accountId } });
    if (!succeeded(context.plan, still)) {
      violations.push({
        location: locate(still),
        message: `account ${accountId} is gone after a deleteAccount without Authorization${errorSummary(still)}`,
      });
    }
  }
  return violations;
}

async function mainToken(context: RunContext): Promise<string> {
  const token = await context.token('main');
  if (token === undefined || splitJwt(token) === undefined) {
    skip("the run's token is not a JWT");
  }
  return token;
}
