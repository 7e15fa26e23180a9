import type { Faker } from '@faker-js/faker';
import type { components } from '../../openapi/types.gen.ts';
import { isoDate } from './iso-date.ts';

type AuditInfo = components['schemas']['AdminUserAuditInfo'];

export const dayMs = 86_400_000;
export const yearMs = 365.25 * dayMs;

export const iso = isoDate;

/** An instant in [from, to], to the millisecond. */
export function instantBetween(faker: Faker, from: number, to: number): number {
  return from >= to ? from : faker.number.int({ min: from, max: to });
}

/** An instant in [from, to], more often near `to`: recent events outnumber old ones. */
export function recentInstantBetween(faker: Faker, from: number, to: number): number {
  return to - Math.floor((to - from) * faker.number.float() ** 2);
}

export function auditInfo(created: number, updated: number, createBy: string, updateBy: string): AuditInfo {
  return { createDate: iso(created), updateDate: iso(updated), createBy, updateBy };
}
