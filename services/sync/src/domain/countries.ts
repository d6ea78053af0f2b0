/**
 * Vtiger stores countries as free text; Sage wants ISO 3166 alpha-2 codes. Names people commonly
 * type are listed; an unknown name maps to nothing (the address is sent without a country rather
 * than with a wrong one).
 */
const BY_NAME: Record<string, string> = {
  'united kingdom': 'GB',
  uk: 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  ireland: 'IE',
  eire: 'IE',
  'republic of ireland': 'IE',
  canada: 'CA',
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  us: 'US',
  america: 'US',
  germany: 'DE',
  deutschland: 'DE',
  france: 'FR',
  spain: 'ES',
  espana: 'ES',
  españa: 'ES',
  italy: 'IT',
  italia: 'IT',
  netherlands: 'NL',
  'the netherlands': 'NL',
  holland: 'NL',
  belgium: 'BE',
  luxembourg: 'LU',
  portugal: 'PT',
  switzerland: 'CH',
  austria: 'AT',
  denmark: 'DK',
  sweden: 'SE',
  norway: 'NO',
  finland: 'FI',
  poland: 'PL',
  'czech republic': 'CZ',
  czechia: 'CZ',
  greece: 'GR',
  australia: 'AU',
  'new zealand': 'NZ',
  india: 'IN',
  'south africa': 'ZA',
  japan: 'JP',
  china: 'CN',
  singapore: 'SG',
  'hong kong': 'HK',
  mexico: 'MX',
  brazil: 'BR',
  'united arab emirates': 'AE',
  uae: 'AE',
  iceland: 'IS',
  malta: 'MT',
  cyprus: 'CY',
};
const NAME_OF: Record<string, string> = {
  GB: 'United Kingdom',
  IE: 'Ireland',
  CA: 'Canada',
  US: 'United States',
  DE: 'Germany',
  FR: 'France',
  ES: 'Spain',
  IT: 'Italy',
  NL: 'Netherlands',
  BE: 'Belgium',
  LU: 'Luxembourg',
  PT: 'Portugal',
  CH: 'Switzerland',
  AT: 'Austria',
  DK: 'Denmark',
  SE: 'Sweden',
  NO: 'Norway',
  FI: 'Finland',
  PL: 'Poland',
  CZ: 'Czechia',
  GR: 'Greece',
  AU: 'Australia',
  NZ: 'New Zealand',
  IN: 'India',
  ZA: 'South Africa',
  JP: 'Japan',
  CN: 'China',
  SG: 'Singapore',
  HK: 'Hong Kong',
  MX: 'Mexico',
  BR: 'Brazil',
  AE: 'United Arab Emirates',
  IS: 'Iceland',
  MT: 'Malta',
  CY: 'Cyprus',
};

export function countryCodeFor(text: string | undefined): string | undefined {
  const t = (text ?? '').trim();
  if (!t) return undefined;
  // Names first: "UK" and "US" are names people type, and "UK" is not an ISO code.
  const byName = BY_NAME[t.toLowerCase().replace(/\s+/g, ' ')];
  if (byName) return byName;
  return /^[A-Za-z]{2}$/.test(t) ? t.toUpperCase() : undefined;
}

export function countryNameFor(code: string | undefined): string | undefined {
  return code ? (NAME_OF[code.toUpperCase()] ?? code.toUpperCase()) : undefined;
}
