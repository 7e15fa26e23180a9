import { answerFlaws } from './broken/answer-flaws.ts';
import { authFlaws } from './broken/auth-flaws.ts';
import type { BrokenImplementation } from './broken/breakers.ts';
import { inputFlaws } from './broken/input-flaws.ts';
import { shopperFlaws } from './broken/shopper-flaws.ts';
import { generatedFlaws } from './broken/generated-flaws.ts';

export type { BrokenImplementation };

/** The gallery: the mock with one flaw each, which the suite must catch. */
export const brokenImplementations: readonly BrokenImplementation[] = [
  ...answerFlaws,
  ...authFlaws,
  ...inputFlaws,
  ...shopperFlaws,
  ...generatedFlaws,
];
