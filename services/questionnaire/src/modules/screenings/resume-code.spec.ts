import { generateResumeCode, normaliseResumeCode, RESUME_CODE_ALPHABET, RESUME_CODE_LENGTH } from './resume-code';

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

  it('spreads codes widely enough that 10,000 draws do not collide', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10000; i++) seen.add(generateResumeCode());
    expect(seen.size).toBe(10000);
  });

  it('normalises what a person types and refuses the rest', () => {
    expect(normaliseResumeCode('ac3d-ef4g')).toBe('AC3DEF4G');
    expect(normaliseResumeCode(' AC3D EF4G ')).toBe('AC3DEF4G');
    expect(normaliseResumeCode('AC3DEF4')).toBeNull();
    expect(normaliseResumeCode('AC3DEF4O')).toBeNull();
    expect(normaliseResumeCode("AC3DEF4G' OR 1=1")).toBeNull();
  });
});
