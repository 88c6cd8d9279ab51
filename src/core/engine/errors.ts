// Errors the engine reports to clients with a stable code.
export class EngineFault extends Error {
  constructor(
    readonly code: 'invalid-params' | 'not-found' | 'busy' | 'unknown-method' | 'io' | 'invalid-plan' | 'untrusted' | 'edit-conflict',
    message: string,
  ) {
    super(message);
    this.name = 'EngineFault';
  }
}
