import pg from 'pg';

/**
 * What a replica tells the others: a tenant's shared state changed wholesale (a reset), or every
 * tenant's did because the scenario was switched (`from` names the switch).
 */
export type ChangeNotice =
  | { readonly kind: 'reset'; readonly tenantId: number }
  | { readonly kind: 'scenario'; readonly from: string };

function isNotice(value: unknown): value is ChangeNotice {
  const notice = value as Partial<Record<string, unknown>> | null;
  return (
    (notice?.kind === 'reset' && Number.isSafeInteger(notice.tenantId)) ||
    (notice?.kind === 'scenario' && typeof notice.from === 'string')
  );
}

export interface NoticeListener {
  /** The channel to NOTIFY on. */
  readonly channel: string;
  close(): void;
}

const channel = 'kibo_mock_changes';
const reconnectMs = 1000;

/**
 * LISTENs on its own connection (a pooled one would be handed to requests) for the other replicas'
 * notices. Lost, it reconnects every second; notices sent meanwhile are missed, so `onMissed`
 * (also called once listening again) says to drop everything kept and look again.
 */
export function listenForChanges(
  url: string,
  hooks: {
    readonly onNotice: (notice: ChangeNotice) => void;
    readonly onMissed: () => void;
    readonly log?: ((line: string) => void) | undefined;
    readonly where: string;
  },
): NoticeListener {
  let closed = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** An outage is logged once, not at every attempt to reconnect. */
  let reported = false;

  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, reconnectMs);
    // A replica shutting down does not wait for the next attempt.
    timer.unref();
  };
  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, application_name: 'kibo-accounts-mock notices' });
    client = next;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (!closed && error && !reported) {
        reported = true;
        hooks.log?.(`store ${hooks.where}: notices connection lost (${error.message}); reconnecting`);
      }
      next.end().catch(() => undefined);
      hooks.onMissed();
      retry();
    };
    next.on('error', onLost);
    next.on('end', () => onLost());
    next.on('notification', (message) => {
      try {
        const notice: unknown = JSON.parse(message.payload ?? '');
        if (isNotice(notice)) hooks.onNotice(notice);
        else hooks.onMissed();
      } catch {
        hooks.onMissed();
      }
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      reported = false;
      if (closed) await next.end();
      else hooks.onMissed();
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
    }
  }
  void connect();

  return {
    channel,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      client?.end().catch(() => undefined);
    },
  };
}
