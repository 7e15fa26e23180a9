// The mock in a page: msw's service worker intercepts the page's calls to Kibo's hosts and the
// package's msw handlers answer them, in this page. No server of ours runs.
import { setupWorker } from 'msw/browser';
import { createKiboClient } from 'kibo-accounts-mock/client';
import { createKiboHandlers } from 'kibo-accounts-mock/msw';

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = element('status');
const say = (text: string, error = false) => {
  status.textContent = text;
  status.className = error ? 'error' : '';
};

const kibo = createKiboHandlers({ seed: 42, accounts: 30 });
await setupWorker(...kibo.handlers).start({ onUnhandledFrame: 'bypass', quiet: true });

const client = createKiboClient({
  baseUrl: 'https://t100000.sandbox.mozu.com/api',
  login: {
    clientId: 'mock.app.1.0.0.Release',
    clientSecret: 'mock-secret',
    authUrl: 'https://home.mozu.com',
  },
});

async function list(): Promise<void> {
  const { data, error } = await client.GET('/commerce/customer/accounts', {
    params: { query: { pageSize: 50, sortBy: 'id desc' } },
  });
  if (error) return say(`${error.errorCode ?? 'error'}: ${error.message ?? ''}`, true);
  element('total').textContent = String(data.totalCount);
  element('accounts').replaceChildren(
    ...(data.items ?? []).map((account) => {
      const item = document.createElement('li');
      item.dataset.id = String(account.id);
      item.append(`${account.firstName ?? ''} ${account.lastName ?? ''} `);
      const email = document.createElement('small');
      email.textContent = account.emailAddress ?? '';
      item.append(email);
      return item;
    }),
  );
}

let created = 0;
element('create').addEventListener('click', () => {
  const batch = [1, 2, 3].map((n) => ({
    account: {
      emailAddress: `browser.${created + n}@example.com`,
      firstName: 'Browser',
      lastName: `Shopper ${created + n}`,
    },
    password: `Browser-Pw-${created + n}`,
  }));
  void client.POST('/commerce/customer/accounts/Bulk', { body: batch }).then(async ({ data, error }) => {
    if (error) return say(`${error.errorCode ?? 'error'}: ${error.message ?? ''}`, true);
    created += data.items?.length ?? 0;
    say(`Created ${data.items?.map((a) => a.id).join(', ') ?? 'nothing'}`);
    await list();
  });
});

element('conflict').addEventListener('click', () => {
  void client
    .POST('/commerce/customer/accounts/Bulk', {
      body: [{ account: { emailAddress: 'browser.1@example.com' } }],
    })
    .then(({ error, response }) => {
      if (error) say(`${response.status} ${error.errorCode ?? ''}: ${error.message ?? ''}`, true);
      else say('Created (create the three first to see the conflict)');
    });
});

await list();
say('Ready: the mock answers in this page.');
