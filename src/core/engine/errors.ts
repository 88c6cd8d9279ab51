// Errors the engine reports to clients with a stable code.
export class EngineFault extends Error {
  constructor(
    readonly code: 'invalid-params' | 'not-found' | 'busy' | 'unknown-method' | 'io' | 'invalid-plan' | 'untrusted' | 'edit-conflict'
      /** The step already ran and running it again repeats what it changed: the request must carry `confirmRerun`. */
      | 'rerun-needs-confirm'
      /** The change was worked out but does not pass its check (a migration that does not build): nothing was written. */
      | 'check-failed',
    message: string,
    /** The plan parameter a bad value was given for (code invalid-params), so a client can show the error beside its field. */
    readonly param?: string,
  ) {
    super(message);
    this.name = 'EngineFault';
  }
}
