/**
 * User errors (the data or the call has a problem the user must fix) are separated from bugs, as in
 * changesets: the CLI prints a UserError's message and exits 1 (or 2 for usage); anything else is a bug (70).
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 1, readonly details: string[] = []) {
    super(message);
    this.name = 'UserError';
  }
}

export class UsageError extends UserError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
