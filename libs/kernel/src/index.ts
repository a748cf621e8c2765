/** @inps/kernel: the programme's vocabulary, shared by every service and library, with no dependencies. */
export * from './calendar';
export * from './languages';
export * from './roles';
export * from './scope';
export * from './text';
