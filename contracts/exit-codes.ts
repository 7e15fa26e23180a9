/**
 * What the CLI's exit status says, for a CI step to branch on: the target broke the contract (1)
 * is a verdict; a wrong command (2) or a setup that kept the run from judging anything (3) is not.
 */
export const exitCodes = {
  passed: 0,
  failed: 1,
  usage: 2,
  setup: 3,
} as const;
