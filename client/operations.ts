/** The operation ids of the document the checks call; `loadDocument().operation(id)` fails loudly on a rename. */
export const operations = {
  addAccounts: 'addAccounts',
  getAccounts: 'getAccounts',
  getAccount: 'getAccount',
  deleteAccount: 'deleteAccount',
  token: 'oauthAuthenticateApp',
  tenant: 'getTenant',
} as const;
