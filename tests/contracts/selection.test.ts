import { describe, expect, it } from 'vitest';
import {
  droppedFields,
  selectionText,
  unrequestedFields,
  type Selection,
} from '../../contracts/selection.ts';

const selection: Selection = { id: true, contacts: { email: true, address: { countryCode: true } } };

describe('responseFields selections', () => {
  it('writes Kibo’s syntax', () => {
    expect(selectionText(selection)).toBe('id,contacts(email,address(countryCode))');
  });

  it('finds fields that were not asked for, at any depth', () => {
    const body = {
      id: 1,
      userName: 'x',
      contacts: [{ email: 'e', address: { countryCode: 'US', cityOrTown: 'P' } }],
    };
    expect(unrequestedFields(body, selection)).toEqual([
      '/userName came back but was not requested',
      '/contacts/0/address/cityOrTown came back but was not requested',
    ]);
  });

  it('finds requested fields the full resource has but the answer dropped', () => {
    const full = { id: 1, contacts: [{ email: 'e', address: { countryCode: 'US' } }] };
    expect(droppedFields({ id: 1, contacts: [{ address: {} }] }, full, selection)).toEqual([
      '/contacts/0/email was requested but is missing',
      '/contacts/0/address/countryCode was requested but is missing',
    ]);
  });
});
