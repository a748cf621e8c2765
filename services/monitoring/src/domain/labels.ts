/** Text shown to people is always carried in both report languages. */
export type Lang = 'it' | 'en';

export interface LocalizedText {
  readonly it: string;
  readonly en: string;
}
