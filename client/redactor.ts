/** What replaces a secret in every message, report and log line. */
export const redactedMark = '[redacted]';

// A compact JWS (header.payload[.signature]) or the start of one: tokens of any issuer, also ones
// the run derived (tampered, alg none) and ones cut short by a message.
const jwtLike = /eyJ[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*){0,2}/g;
// Shorter values match too often by accident (and are no secret worth the name).
const minimumSecretLength = 4;
// A secret cut short by describeValue() still ends in "…"; its first characters may not survive.
const minimumCutLength = 6;

export interface Redactor {
  readonly add: (secret: string | undefined) => void;
  readonly redact: (text: string) => string;
}

export function createRedactor(initial: readonly string[] = []): Redactor {
  const secrets = new Set<string>();
  const add = (secret: string | undefined) => {
    if (secret !== undefined && secret.length >= minimumSecretLength) secrets.add(secret);
  };
  initial.forEach(add);
  return {
    add,
    redact(text) {
      let clean = text;
      // Longest first, so a secret containing another is removed whole.
      for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
        clean = clean.split(secret).join(redactedMark);
        for (let cut = secret.length - 1; cut >= minimumCutLength; cut--) {
          clean = clean.split(`${secret.slice(0, cut)}…`).join(`${redactedMark}…`);
        }
      }
      return clean.replace(jwtLike, redactedMark);
    },
  };
}
