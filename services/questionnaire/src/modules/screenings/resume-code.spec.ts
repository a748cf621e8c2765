import { generateResumeCode, normaliseResumeCode, RESUME_CODE_ALPHABET, RESUME_CODE_LENGTH, resumeCodeDigest } from './resume-code';

describe('resume code', () => {
  it('is 8 characters from the unambiguous alphabet', () => {
    for (let i = 0; i < 2000; i++) {
      const code = generateResumeCode();
      expect(code).toHaveLength(RESUME_CODE_LENGTH);
      for (const ch of code) expect(RESUME_CODE_ALPHABET).toContain(ch);
    }
  });

  it('never uses letters a person confuses', () => {
    for (const ch of '0O1IL5S2Z8BUV') expect(RESUME_CODE_ALPHABET).not.toContain(ch);
  });

  it('turns each draw into one character, so every code of the 23^8 can come out', () => {
    // Deterministic: a scripted source shows the mapping from draws to characters, both ends included.
    const draws = [0, 22, 1, 21, 2, 20, 3, 19];
    const asked: number[] = [];
    const code = generateResumeCode((n) => (asked.push(n), draws[asked.length - 1] as number));
    expect(asked).toEqual(Array(RESUME_CODE_LENGTH).fill(RESUME_CODE_ALPHABET.length));
    expect(code).toBe(draws.map((d) => RESUME_CODE_ALPHABET[d]).join(''));
  });

  it('spreads 10,000 random codes over the 23^8 possible ones (birthday bound)', () => {
    // 10,000 draws among 23^8 ≈ 7.8e10 codes collide about n²/2N ≈ 6.4e-4 times on average: asking
    // for none failed one run in 1,500. Three or more collisions has a probability near 4e-11, so
    // this still catches a generator that draws from far fewer codes, without being flaky.
    const seen = new Set<string>();
    for (let i = 0; i < 10000; i++) seen.add(generateResumeCode());
    expect(10000 - seen.size).toBeLessThanOrEqual(2);
  });

  it('is kept as an HMAC under the pepper: 32 bytes, another pepper another value', () => {
    const a = resumeCodeDigest('AC3DEF4G', 'p'.repeat(32));
    expect(a).toHaveLength(32);
    expect(resumeCodeDigest('AC3DEF4G', 'p'.repeat(32)).equals(a)).toBe(true);
    expect(resumeCodeDigest('AC3DEF4G', 'q'.repeat(32)).equals(a)).toBe(false);
    expect(a.toString('hex')).not.toContain(Buffer.from('AC3DEF4G').toString('hex'));
  });

  it('normalises what a person types and refuses the rest', () => {
    expect(normaliseResumeCode('ac3d-ef4g')).toBe('AC3DEF4G');
    expect(normaliseResumeCode(' AC3D EF4G ')).toBe('AC3DEF4G');
    expect(normaliseResumeCode('AC3DEF4')).toBeNull();
    expect(normaliseResumeCode('AC3DEF4O')).toBeNull();
    expect(normaliseResumeCode("AC3DEF4G' OR 1=1")).toBeNull();
  });
});
