import type { OperationPlan } from '../openapi/operation-plan.ts';
import type { CallOptions } from '../client/http-client.ts';
import { operations } from '../client/operations.ts';
import { latestResetCode } from './reset-code.ts';
import type { RunContext } from './run-context.ts';
import { newPassword, type Shopper } from './shopper-fixture.ts';
import { sampleContact } from './test-data.ts';
import { signIn, ticketOf, userClaimsHeader } from './ticket.ts';
import { updateBody } from './update-body.ts';

/** The shopper a request is about, created on first use (many operations need none). */
export type ShopperSource = () => Promise<Shopper>;

type Body = { readonly body: unknown } | undefined;
type BodyBuilder = (context: RunContext, label: string, shopper: ShopperSource) => Body | Promise<Body>;

/**
 * A request each operation accepts but for its credentials: the shopper's account (and contact)
 * for the path, its email address or user name for a lookup, a signed-in ticket for the refresh
 * token or the shopper's claims, and a body of test data tagged with `label` (a new account is
 * one of the run's, a new password is kept from every report). `omit` leaves out one parameter
 * a check wants missing. Undefined for an operation whose valid request the suite cannot build:
 * one whose body it does not know, or the reset confirmation without an outbox to read the code in.
 */
export async function validRequest(
  context: RunContext,
  operation: OperationPlan,
  label: string,
  shopper: ShopperSource,
  omit?: string,
): Promise<CallOptions | undefined> {
  const params: Record<string, number> = {};
  for (const { name } of operation.parameters.path) {
    const value =
      name === 'accountId'
        ? (await shopper()).id
        : name === 'contactId'
          ? (await shopper()).contactId
          : name === 'tenantId' && context.target.tenant !== undefined
            ? Number(context.target.tenant)
            : undefined;
    if (value === undefined) return undefined;
    params[name] = value;
  }
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  const required = [...operation.parameters.query, ...operation.parameters.header].filter(
    (parameter) => parameter.required === true && parameter.name !== omit,
  );
  for (const { name, in: where } of required) {
    const value = await requiredValue(context, name, shopper);
    if (value === undefined) return undefined;
    (where === 'header' ? headers : query)[name] = value;
  }
  const built = operation.body ? await bodyOf(context, operation, label, shopper) : { body: undefined };
  if (!built) return undefined;
  return {
    params,
    ...(Object.keys(query).length > 0 ? { query } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(built.body === undefined ? {} : { body: built.body }),
  };
}

/** A required parameter's value: what names the shopper, or what their signed-in ticket holds. */
async function requiredValue(
  context: RunContext,
  name: string,
  shopper: ShopperSource,
): Promise<string | undefined> {
  if (name === 'emailAddress') return (await shopper()).emailAddress;
  if (name === 'userName') return (await shopper()).userName;
  if (name === 'refreshToken' || name.toLowerCase() === userClaimsHeader) {
    const { userName, password } = await shopper();
    const ticket = ticketOf(context, await signIn(context, userName, password));
    return name === 'refreshToken' ? ticket?.refreshToken : ticket?.accessToken;
  }
  return undefined;
}

function bodyOf(
  context: RunContext,
  operation: OperationPlan,
  label: string,
  shopper: ShopperSource,
): Promise<Body> {
  const build = bodies[operation.operationId];
  if (build) return Promise.resolve(build(context, label, shopper));
  // A flag such as Set-Login-Locked's: false changes nothing a later step relies on.
  if (operation.body?.schema.type === 'boolean') return Promise.resolve({ body: false });
  return Promise.resolve(undefined);
}

const bodies: Readonly<Record<string, BodyBuilder>> = {
  [operations.addAccounts]: (context, label) => ({ body: [context.data.item(label)] }),
  [operations.addAccount]: (context, label) => ({ body: context.data.item(label).account }),
  [operations.addAccountAndLogin]: (context, label) => ({
    body: { ...context.data.item(label), password: newPassword(context, label) },
  }),
  [operations.updateAccount]: async (context, label, shopper) => ({
    body: updateBody(context.plan, (await shopper()).account, { lastName: `Check ${label}` }),
  }),
  [operations.addAccountContact]: (context, label) => ({ body: sampleContact(context.data, label) }),
  [operations.addAccountContactList]: (context, label) => ({
    body: [sampleContact(context.data, label)],
  }),
  [operations.updateAccountContact]: (context, label) => ({
    body: { ...sampleContact(context.data, label), label: 'Office' },
  }),
  [operations.changePassword]: async (context, label, shopper) => ({
    body: { oldPassword: (await shopper()).password, newPassword: newPassword(context, label) },
  }),
  [operations.resetPassword]: async (_, __, shopper) => ({
    body: { emailAddress: (await shopper()).emailAddress },
  }),
  [operations.updateForgottenPassword]: async (context, label, shopper) => {
    if (context.target.outboxUrl === undefined) return undefined;
    const { emailAddress, userName } = await shopper();
    await context.call(operations.resetPassword, { body: { emailAddress } });
    const confirmationCode = await latestResetCode(context, emailAddress);
    return { body: { userName, confirmationCode, newPassword: newPassword(context, label) } };
  },
  // The app's own credentials, when the run was given them (a --token alone names no client).
  [operations.token]: ({ target }) =>
    target.clientId === undefined || target.clientSecret === undefined
      ? undefined
      : { body: { client_id: target.clientId, client_secret: target.clientSecret } },
  [operations.createUserAuthTicket]: async (_, __, shopper) => {
    const { userName, password } = await shopper();
    return { body: { username: userName, password } };
  },
};
