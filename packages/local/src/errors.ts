/** A port the local platform needs is taken. The message is one line a person can act on. */
export class PortInUseError extends Error {
  override name = "PortInUseError";
  readonly port: number;

  constructor(port: number, what: string, flag = "--port") {
    super(`port ${port} is in use (wanted for ${what}); stop what uses it or pass ${flag} ${port + 1}`);
    this.port = port;
  }
}

/** Another local platform is running on the same data directory (DynamoDB Local cannot share its files). */
export class AlreadyRunningError extends Error {
  override name = "AlreadyRunningError";
  readonly pid: number;

  constructor(pid: number, url: string, dataDir: string) {
    super(
      `a local platform (pid ${pid}) already runs on ${dataDir} at ${url}; stop it first or pass another data dir`,
    );
    this.pid = pid;
  }
}

/** A file in the data directory is unreadable or not what the platform wrote. */
export class DataDirError extends Error {
  override name = "DataDirError";
}

/** An option of `startLocalPlatform` is out of range or names something that does not exist. */
export class InvalidOptionError extends Error {
  override name = "InvalidOptionError";
}
