/** Hono's per-request variables of the mock: which operation a request turned out to be. */
export interface MockEnv {
  Variables: {
    operationId?: string;
  };
}
