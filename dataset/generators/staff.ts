/** Merchant staff who write notes and edit accounts in the admin. */
export interface StaffMember {
  readonly userName: string;
  readonly initials: string;
}

export const staff: readonly StaffMember[] = [
  { userName: 'csr.mlopez', initials: 'ML' },
  { userName: 'csr.jchen', initials: 'JC' },
  { userName: 'csr.tbrooks', initials: 'TB' },
  { userName: 'csr.aokafor', initials: 'AO' },
  { userName: 'csr.kwalsh', initials: 'KW' },
  { userName: 'ops.rpatel', initials: 'RP' },
];

/** Who set up the tenant's segments. */
export const merchandiser = 'ops.rpatel';

/** The application key of the CRM integration that imports accounts (Kibo's app-key shape). */
export const importAppKey = 'acme.crm-sync.1.0.0.Release';
