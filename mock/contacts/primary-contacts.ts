import type { OperationPlan } from '../../openapi/operation-plan.ts';
import type { components } from '../../openapi/types.gen.ts';

type Contact = components['schemas']['CustomerContact'];
type ContactType = NonNullable<Contact['types']>[number];

/**
 * Keeps an account's contacts to one primary per use when the operation says so
 * (`x-one-primary-per-type`). The contacts at `claimants`, in that order, claim the uses
 * (`types[].name`, case-insensitively) they are primary for; a use claimed before is taken from
 * whoever else holds it. A single write claims with the written contact; a whole list with its
 * contacts last to first, so of several primary for one use the last keeps it. A contact that
 * loses a use goes through `touch`, since it changed (the caller stamps its auditInfo).
 */
export function primaryContacts(
  plan: OperationPlan,
): (
  contacts: readonly Contact[],
  claimants: readonly number[],
  touch: (contact: Contact) => Contact,
) => Contact[] {
  if (!plan.onePrimaryPerType) return (contacts) => [...contacts];
  return (contacts, claimants, touch) => {
    const claimed = new Set<string>();
    const result = [...contacts];
    const demote = (index: number) => {
      const contact = result[index];
      if (contact?.types?.some((type) => holds(type, claimed))) {
        const types = contact.types.map((type) =>
          holds(type, claimed) ? { ...type, isPrimary: false } : type,
        );
        result[index] = touch({ ...contact, types });
      }
    };
    for (const index of claimants) {
      demote(index);
      for (const type of result[index]?.types ?? []) {
        if (type.isPrimary === true && typeof type.name === 'string') claimed.add(type.name.toLowerCase());
      }
    }
    const claiming = new Set(claimants);
    result.forEach((_, index) => {
      if (!claiming.has(index)) demote(index);
    });
    return result;
  };
}

/** True when the type makes its contact primary for a use in `uses`. */
function holds(type: ContactType, uses: ReadonlySet<string>): boolean {
  return type.isPrimary === true && typeof type.name === 'string' && uses.has(type.name.toLowerCase());
}
