/** Set once a signal asked the process to stop: readiness answers 503 from then on. */
export const lifecycle = { stopping: false };
