/**
 * The local platform refused to start for a reason a person can act on; the message is one line that says what
 * to do. The CLI prints it as is (anything else is reported as a failed start).
 */
export class LocalStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A port the local platform needs is taken. */
export class PortInUseError extends LocalStartError {
  readonly port: number;

  constructor(port: number, what: string, flag = "--port") {
    super(`port ${port} is in use (wanted for ${what}); stop what uses it or pass ${flag} ${port + 1}`);
    this.port = port;
  }
}

/** Another local platform is running on the same data directory (DynamoDB Local cannot share its files). */
export class AlreadyRunningError extends LocalStartError {
  readonly pid: number;

  constructor(pid: number, url: string, dataDir: string) {
    super(
      `a local platform (pid ${pid}) already runs on ${dataDir} at ${url}; stop it first or pass another data dir`,
    );
    this.pid = pid;
  }
}

/** A file in the data directory is unreadable or not what the platform wrote. */
export class DataDirError extends LocalStartError {}

/**
 * An option of `startLocalPlatform` is out of range or names something that does not exist. `options` names the
 * option(s) as `LocalPlatformOptions` spells them (`port`, `simulation.rejectRate`), so a caller with its own
 * vocabulary (the CLI's flags) can say the same in its words: `${options} ${problem}`.
 *
 * @example new InvalidOptionError(["simulation.rejectRate"], "must be 0–1, not 2").message // "simulation.rejectRate must be 0–1, not 2"
 */
export class InvalidOptionError extends LocalStartError {
  readonly options: readonly string[];
  readonly problem: string;

  constructor(options: readonly string[], problem: string) {
    super(`${options.join(" + ")} ${problem}`);
    this.options = options;
    this.problem = problem;
  }
}
