/** The injection token of the process's QueueBackend (apart from the module, so that providers can import it without a cycle). */
export const QUEUE_BACKEND = Symbol('QUEUE_BACKEND');
