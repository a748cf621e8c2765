/**
 * Bands for anonymous events and reports: an exact age or household size, together with a
 * territory and a date, could single a person out.
 */

export function ageBand(age: number | undefined): '0-17' | '18-29' | '30-44' | '45-59' | '60-66' | '67+' | 'unknown' {
  if (typeof age !== 'number' || !Number.isFinite(age) || age < 0) return 'unknown';
  if (age < 18) return '0-17';
  if (age < 30) return '18-29';
  if (age < 45) return '30-44';
  if (age < 60) return '45-59';
  if (age < 67) return '60-66';
  return '67+';
}

export function householdSizeBand(n: number | undefined): '1' | '2' | '3-4' | '5+' | 'unknown' {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 1) return 'unknown';
  if (n < 2) return '1';
  if (n < 3) return '2';
  if (n < 5) return '3-4';
  return '5+';
}
