import { describe, expect, it } from 'vitest';
import { conflictIndexes } from '../../seed/conflict-indexes.ts';

const item = (data: { name: string; value: string }[]) => ({
  errorCode: 'VALIDATION_CONFLICT',
  message: 'taken',
  applicationErrorData: data,
});

describe('conflictIndexes', () => {
  it('reads each item’s Index, once per item even when two keys conflict', () => {
    const body = {
      items: [
        item([
          { name: 'Index', value: '1' },
          { name: 'ParameterName', value: '[1].account.emailAddress' },
        ]),
        item([
          { name: 'Index', value: '1' },
          { name: 'ParameterName', value: '[1].account.userName' },
        ]),
        item([{ name: 'Index', value: '4' }]),
      ],
    };
    expect(conflictIndexes(body, 5)).toEqual(new Set([1, 4]));
  });

  it('falls back to the position in ParameterName', () => {
    expect(
      conflictIndexes({ items: [item([{ name: 'ParameterName', value: '[3].account.userName' }])] }, 5),
    ).toEqual(new Set([3]));
  });

  it('gives up when the body names no item, or one the batch does not have', () => {
    expect(conflictIndexes({ message: 'conflict' }, 5)).toBeUndefined();
    expect(conflictIndexes({ items: [] }, 5)).toBeUndefined();
    expect(conflictIndexes({ items: [item([{ name: 'Index', value: '5' }])] }, 5)).toBeUndefined();
    expect(conflictIndexes({ items: [item([{ name: 'Index', value: '' }])] }, 5)).toBeUndefined();
    expect(conflictIndexes(null, 5)).toBeUndefined();
  });
});
