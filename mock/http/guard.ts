import type { Context } from 'hono';
import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { MockEnv } from './mock-env.ts';

/**
 * How a document's security is enforced, in the order its info.description states. Each
 * document served (Kibo's API, the admin API) has one; the request pipeline calls it.
 */
export interface Guard<Credentials, Access> {
  /** 401 when the operation needs credentials and these are missing or wrong; runs first. */
  authenticate(c: Context<MockEnv>, plan: OperationPlan): Promise<Credentials>;
  /** 403 when valid credentials may not call the operation; runs once the headers are validated. */
  authorize(c: Context<MockEnv>, plan: OperationPlan, credentials: Credentials): Access;
  /**
   * 403 when the validated request reaches what these credentials may not: a body field they may
   * not set, an account (a path parameter) that is not theirs.
   */
  authorizeFields(
    plan: OperationPlan,
    access: Access,
    body: unknown,
    path: Readonly<Record<string, unknown>>,
  ): void;
}
