/**
 * A body petitions are assigned to (sở, ban, ngành; thanh tra, công an tỉnh …): reference data of
 * one province, valid over a period — provinces reorganise their departments (March 2025) and
 * merge (July 2025). `validTo` is the last day, inclusive.
 */
export interface Agency {
  provinceCode: string;
  code: string;
  name: string;
  validFrom: string;
  validTo?: string | undefined;
}

export const isAgencyValidOn = (agency: Agency, day: string) =>
  agency.validFrom <= day && (agency.validTo === undefined || day <= agency.validTo);
