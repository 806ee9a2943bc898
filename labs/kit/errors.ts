// An error the user can act on: printed as one line, exit code 2. Anything else that
// escapes is a bug and is printed with its stack.

export class LabError extends Error {
  override readonly name = 'LabError';
}

export function isLabError(error: unknown): error is LabError {
  return error instanceof LabError;
}
