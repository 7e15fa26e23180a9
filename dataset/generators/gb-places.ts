/** A real UK town with its county, a real outward postcode and its drama-number landline prefix. */
export interface GbPlace {
  readonly town: string;
  readonly county: string;
  /** The first half of a postcode (outward code). */
  readonly outward: string;
  /**
   * A landline number without its last three digits, inside the range Ofcom reserves for TV and
   * radio drama (e.g. 020 7946 0000–0999), so no generated number belongs to anyone.
   */
  readonly landline: string;
}

export const gbPlaces: readonly GbPlace[] = [
  { town: 'London', county: 'Greater London', outward: 'EC1V', landline: '020 7946 0' },
  { town: 'Manchester', county: 'Greater Manchester', outward: 'M1', landline: '0161 496 0' },
  { town: 'Birmingham', county: 'West Midlands', outward: 'B1', landline: '0121 496 0' },
  { town: 'Leeds', county: 'West Yorkshire', outward: 'LS1', landline: '0113 496 0' },
  { town: 'Sheffield', county: 'South Yorkshire', outward: 'S1', landline: '0114 496 0' },
  { town: 'Liverpool', county: 'Merseyside', outward: 'L1', landline: '0151 496 0' },
  { town: 'Bristol', county: 'Bristol', outward: 'BS1', landline: '0117 496 0' },
  { town: 'Nottingham', county: 'Nottinghamshire', outward: 'NG1', landline: '0115 496 0' },
  { town: 'Cardiff', county: 'South Glamorgan', outward: 'CF10', landline: '029 2018 0' },
  { town: 'Edinburgh', county: 'City of Edinburgh', outward: 'EH1', landline: '0131 496 0' },
  { town: 'Glasgow', county: 'Glasgow City', outward: 'G1', landline: '0141 496 0' },
];
