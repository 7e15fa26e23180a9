import type { OpenAPIV3_1 } from 'openapi-types';
import type { ApiPlan, OperationPlan } from '../../openapi/operation-plan.ts';
import { skip, type Check } from '../check.ts';
import { cleaningUp } from '../cleaning-up.ts';
import { expectDeclaredError, expectStatus, idsOf } from '../expectations.ts';
import { shopperOnDemand } from '../shopper-fixture.ts';
import { validRequest } from '../valid-request.ts';

/**
 * One check per required query parameter of any operation (the refresh token, the email address
 * or user name a login state is looked up by): a request that is valid but for leaving it out →
 * 400 with Kibo's error body, never a refused sign-in or a not-found that reads as an answer.
 */
export function requiredParameterChecks(plan: ApiPlan): Check[] {
  return plan.operations.flatMap((operation) =>
    operation.parameters.query
      .filter((parameter) => parameter.required === true)
      .map((parameter) => withoutParameter(plan, operation, parameter)),
  );
}

function withoutParameter(
  plan: ApiPlan,
  operation: OperationPlan,
  parameter: OpenAPIV3_1.ParameterObject,
): Check {
  const { name } = parameter;
  const assumption = plan.assumptionOf(parameter, 'required');
  return {
    group: 'parameters',
    id: `parameters.${operation.operationId}-without-${name}`,
    title: `${operation.operationId} without ${name} is refused`,
    rule: `${operation.operationId} ${name}: required → a request without it gets 400 with Kibo's error body`,
    assumptions: idsOf(assumption),
    run: (context) =>
      cleaningUp(context, async () => {
        const label = context.data.label('param');
        const shopper = shopperOnDemand(context, 'param-own');
        const request = await validRequest(context, operation, label, shopper, name);
        if (!request) skip(`the suite cannot build a valid ${operation.operationId} request`);
        const reply = await context.call(operation.operationId, request);
        return [
          ...expectStatus(reply, [400], `no ${name}`, assumption),
          ...expectDeclaredError(context, reply),
        ];
      }),
  };
}
