/**
 * Folds a name for searching: no accents, lower case, words separated by single spaces, so that
 * "forli" finds "Forlì", "sant egidio" finds "Sant'Egidio" and "bozen" finds "Bolzano/Bozen".
 */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
