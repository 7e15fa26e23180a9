/** Hono's per-request variables of the mock, shared by the pipeline, the journal and the log. */
export interface MockEnv {
  Variables: {
    /** The operation a request reached (none for 404 / 405). */
    operationId?: string;
    correlationId?: string;
    /** Set by Hono's request-id middleware: the correlation id. */
    requestId: string;
    /** The request body as read (bounded by x-max-body-bytes), for the journal's digest. */
    requestBytes?: Uint8Array;
    /** How many items a JSON array body held (a Bulk batch), for the journal. */
    requestItems?: number;
    /** The JSON answered, UTF-8 encoded, for the journal's digest. */
    responseBytes?: Uint8Array<ArrayBuffer>;
  };
}
