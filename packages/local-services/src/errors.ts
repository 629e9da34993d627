/** A local service did not come up (missing Java, port taken, not answering before the deadline). */
export class LocalServiceStartError extends Error {
  override name = "LocalServiceStartError";
}

/**
 * A resource already exists with a shape the topology can no longer converge to (e.g. a persisted
 * table whose keys or indexes changed). Delete the local data directory and start again.
 */
export class ProvisionConflictError extends Error {
  override name = "ProvisionConflictError";
}
