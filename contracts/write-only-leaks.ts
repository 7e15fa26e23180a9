import { describeValue } from '../client/describe-value.ts';

// Modular crypt format ($2b$, $argon2id$, $6$, …), Django-style `algo$…` and LDAP `{SSHA}`: what a
// stored password looks like when a server echoes it.
const hashLike = [
  /^\$(?:2[abxy]?|argon2(?:id|i|d)?|scrypt|pbkdf2(?:-sha\d+)?|[1567]|sha(?:256|512)?|y|gy)\$/,
  /^(?:pbkdf2_sha\d+|bcrypt(?:_sha256)?|argon2|scrypt|sha1|md5)\$/,
  /^\{(?:SSHA|SHA|SMD5|MD5|CRYPT|SSHA256|SSHA512)\}/i,
];

/**
 * Where a body gives back what must never come back: a write-only property by name, any value
 * that was sent in one, or any string shaped like a password hash.
 */
export function writeOnlyLeaks(
  body: unknown,
  names: readonly string[],
  sentSecrets: readonly string[],
  options: { readonly hashes: boolean } = { hashes: true },
  pointer = '',
): string[] {
  if (Array.isArray(body)) {
    return body.flatMap((item, index) =>
      writeOnlyLeaks(item, names, sentSecrets, options, `${pointer}/${index}`),
    );
  }
  if (typeof body === 'object' && body !== null) {
    return Object.entries(body).flatMap(([key, value]) => {
      const at = `${pointer}/${key}`;
      const named =
        names.includes(key) && value !== null ? [`${at} is write-only (x-write-only) but came back`] : [];
      return [...named, ...writeOnlyLeaks(value, names, sentSecrets, options, at)];
    });
  }
  if (typeof body !== 'string') return [];
  if (sentSecrets.includes(body))
    return [`${pointer || '/'} gives back a value sent as a write-only property`];
  if (options.hashes && hashLike.some((pattern) => pattern.test(body))) {
    return [`${pointer || '/'} looks like a password hash (got ${describeValue(body)})`];
  }
  return [];
}
