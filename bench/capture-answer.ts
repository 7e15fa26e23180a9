import { httpRequest } from './http-request.ts';
import type { Workload } from './workloads.ts';

/** The mock's answer to one request of the workload; anything but a 2xx stops the benchmark. */
export async function captureAnswer(
  base: string,
  workload: Workload,
  headers: Record<string, string>,
): Promise<Buffer> {
  const answer = await httpRequest(`${base}${workload.path}`, {
    method: workload.method,
    headers,
    ...(workload.nextBody ? { body: workload.nextBody() } : {}),
  });
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`the mock answered ${workload.id} with ${answer.status}: ${answer.body.toString()}`);
  }
  return answer.body;
}

/** The id of the first account at `path` (a page): getAccount then reads the same account. */
export async function firstAccountId(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  const answer = await httpRequest(`${base}${path}`, { method: 'GET', headers });
  const id = (JSON.parse(answer.body.toString()) as { items?: { id?: unknown }[] }).items?.[0]?.id;
  if (typeof id !== 'number')
    throw new Error(`no account in ${path} (${answer.status}): ${answer.body.toString()}`);
  return id;
}
