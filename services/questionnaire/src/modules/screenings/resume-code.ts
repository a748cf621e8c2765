import { randomInt } from 'node:crypto';

/**
 * Letters and digits that cannot be mistaken for one another when read aloud or copied by hand
 * at a soup-kitchen desk: no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V.
 */
export const RESUME_CODE_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';
export const RESUME_CODE_LENGTH = 8;
const CODE_PATTERN = new RegExp(`^[${RESUME_CODE_ALPHABET}]{${RESUME_CODE_LENGTH}}$`);

export function generateResumeCode(): string {
  let code = '';
  for (let i = 0; i < RESUME_CODE_LENGTH; i++) code += RESUME_CODE_ALPHABET[randomInt(RESUME_CODE_ALPHABET.length)];
  return code;
}

/** Accepts what a person types: lower case, spaces and dashes ("abcd-efgh"). */
export function normaliseResumeCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}
