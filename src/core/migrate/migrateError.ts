/** Bad input or a project migrate cannot work on: the message says what and where. */
export class MigrateError extends Error {
  override name = 'MigrateError';
}
