/**
 * The seed of one tenant's dataset: each tenant gets its own people from the same run seed
 * (FNV-1a over both numbers). The mock and the seeder both use it, so `--seed S` shows the same
 * shoppers in the mock's tenant T and in a real tenant seeded with `--seed S --tenant T`.
 */
export function tenantSeed(seed: number, tenantId: number): number {
  let hash = 0x811c9dc5;
  for (const byte of `${seed}:${tenantId}`) hash = Math.imul(hash ^ byte.charCodeAt(0), 0x01000193);
  return hash >>> 0;
}
