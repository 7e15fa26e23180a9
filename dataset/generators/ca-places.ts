/** A real Canadian city with its province, a real forward sortation area and its area code. */
export interface CaPlace {
  readonly city: string;
  readonly province: string;
  /** The first half of a postal code (forward sortation area); its letter names the province. */
  readonly fsa: string;
  readonly areaCode: string;
}

export const caPlaces: readonly CaPlace[] = [
  { city: 'Toronto', province: 'ON', fsa: 'M5V', areaCode: '416' },
  { city: 'Ottawa', province: 'ON', fsa: 'K1P', areaCode: '613' },
  { city: 'Montréal', province: 'QC', fsa: 'H3B', areaCode: '514' },
  { city: 'Québec', province: 'QC', fsa: 'G1R', areaCode: '418' },
  { city: 'Vancouver', province: 'BC', fsa: 'V6B', areaCode: '604' },
  { city: 'Victoria', province: 'BC', fsa: 'V8W', areaCode: '250' },
  { city: 'Calgary', province: 'AB', fsa: 'T2P', areaCode: '403' },
  { city: 'Edmonton', province: 'AB', fsa: 'T5J', areaCode: '780' },
  { city: 'Winnipeg', province: 'MB', fsa: 'R3C', areaCode: '204' },
  { city: 'Regina', province: 'SK', fsa: 'S4P', areaCode: '306' },
  { city: 'Halifax', province: 'NS', fsa: 'B3J', areaCode: '902' },
];
