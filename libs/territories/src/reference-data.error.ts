/**
 * Reference data is read at start-up and by the loading job; a broken file must stop them with every
 * problem listed at once, so this one is thrown rather than returned.
 */
export class ReferenceDataError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.length} problem(s):\n- ${problems.slice(0, 50).join('\n- ')}${problems.length > 50 ? '\n- …' : ''}`);
    this.name = 'ReferenceDataError';
  }
}
