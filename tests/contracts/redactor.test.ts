import { describe, expect, it } from 'vitest';
import { describeValue } from '../../client/describe-value.ts';
import { createRedactor, redactedMark } from '../../client/redactor.ts';

describe('the redactor', () => {
  it('removes every secret it knows, wherever it appears', () => {
    const redactor = createRedactor(['s3cret-value']);
    expect(redactor.redact('client_secret=s3cret-value; again s3cret-value')).toBe(
      `client_secret=${redactedMark}; again ${redactedMark}`,
    );
  });

  it('removes a secret that a message cut short', () => {
    const secret = 'a-very-long-client-secret-'.repeat(4);
    const redactor = createRedactor([secret]);
    const message = `got ${describeValue({ client_secret: secret })}`;
    expect(redactor.redact(message)).not.toContain(secret.slice(0, 12));
  });

  it('removes anything shaped like a JWT, known or not, whole or cut', () => {
    const redactor = createRedactor();
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(redactor.redact(`Bearer ${token}`)).toBe(`Bearer ${redactedMark}`);
    expect(redactor.redact(`got "${token.slice(0, 30)}…"`)).toBe(`got "${redactedMark}…"`);
  });

  it('learns secrets during a run, and ignores values too short to be one', () => {
    const redactor = createRedactor();
    redactor.add('abc');
    redactor.add('fetched-token-value');
    expect(redactor.redact('abc fetched-token-value')).toBe(`abc ${redactedMark}`);
  });
});
