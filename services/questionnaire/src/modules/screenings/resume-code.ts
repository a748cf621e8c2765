import { createHmac, randomInt } from 'node:crypto';

/**
 * Letters and digits that cannot be mistaken for one another when read aloud or copied by hand
 * at a soup-kitchen desk: no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V.
 */
export const RESUME_CODE_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';
export const RESUME_CODE_LENGTH = 8;
const CODE_PATTERN = new RegExp(`^[${RESUME_CODE_ALPHABET}]{${RESUME_CODE_LENGTH}}$`);

/** `draw(n)` gives a uniform integer in [0, n); a test passes a scripted one. */
export function generateResumeCode(draw: (n: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < RESUME_CODE_LENGTH; i++) code += RESUME_CODE_ALPHABET[draw(RESUME_CODE_ALPHABET.length)];
  return code;
}

/**
 * What the database keeps instead of a resume code: HMAC-SHA-256 under a pepper that lives in the
 * configuration, never in the database. A plain hash would not do: 23^8 codes (about 36 bits) are
 * hashed in seconds, so a copy of the table would link every code back to its screening
 * (docs/decisions/0012-resume-codes-hashed.md). `code` is normalised.
 */
export function resumeCodeDigest(code: string, pepper: string): Buffer {
  return createHmac('sha256', pepper).update(code).digest();
}

/** Accepts what a person types: lower case, spaces and dashes ("abcd-efgh"). */
export function normaliseResumeCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}
