import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SemesterArgs, SemesterFilter } from './semester.args';

function issues(type: new () => object, plain: object): string[] {
  return validateSync(plainToInstance(type, plain)).flatMap((error) => Object.values(error.constraints ?? {}).map((issue) => `${error.property} ${issue}`));
}

describe('SemesterArgs and SemesterFilter', () => {
  it('take a semester written as stored, within the programme years', () => {
    expect(issues(SemesterArgs, { semester: '2026S1' })).toEqual([]);
    expect(issues(SemesterFilter, { semester: '2019S2' })).toEqual([]);
  });

  it('refuse other spellings, and impossible years by name', () => {
    expect(issues(SemesterArgs, { semester: '2026s1' })).toEqual(['semester must be a semester like 2026S1']);
    expect(issues(SemesterArgs, { semester: ' 2026S1' })).toEqual(['semester must be a semester like 2026S1']);
    expect(issues(SemesterArgs, { semester: '2026-01' })).toEqual(['semester must be a semester like 2026S1']);
    expect(issues(SemesterArgs, { semester: 20261 })).toEqual(['semester must be a semester like 2026S1']);
    expect(issues(SemesterArgs, { semester: '1990S1' })).toEqual(['semester must be a semester from 2019S1 to 2100S2']);
  });

  it('require the semester where it is an argument, not where it filters a list', () => {
    expect(issues(SemesterArgs, {})).toEqual(['semester must be a semester like 2026S1']);
    expect(issues(SemesterFilter, {})).toEqual([]);
    expect(issues(SemesterFilter, { semester: null })).toEqual([]);
  });
});
