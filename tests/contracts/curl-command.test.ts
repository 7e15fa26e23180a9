import { expect, it } from 'vitest';
import { createRedactor } from '../../client/redactor.ts';
import { curlCommand } from '../../contracts/generated/curl-command.ts';

it('prints a request as a curl command, secrets redacted and quotes escaped', () => {
  const headers = new Headers({
    accept: 'application/json',
    authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
    'content-type': 'application/json',
  });
  const command = curlCommand(
    'POST',
    {
      url: 'http://127.0.0.1:4010/api/commerce/customer/accounts',
      headers,
      body: `{"lastName":"O'Brien","password":"Ct-run-Garden-1"}`,
    },
    createRedactor(['Ct-run-Garden-1']),
  );
  expect(command).toBe(
    `curl -X POST 'http://127.0.0.1:4010/api/commerce/customer/accounts' -H 'authorization: Bearer [redacted]' -H 'content-type: application/json' --data-raw '{"lastName":"O'\\''Brien","password":"[redacted]"}'`,
  );
});
