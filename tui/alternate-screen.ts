// The full-screen app draws on the terminal's alternate screen, so the shell's screen
// comes back untouched when it ends. Restoring is idempotent and synchronous, so it is
// safe from 'exit', signal and uncaught-error handlers alike, whichever runs first.

import { writeSync } from 'node:fs';

const ENTER = '\u001b[?1049h\u001b[H';
/** Show the cursor (Ink hides it), then leave the alternate screen. */
const LEAVE = '\u001b[?25h\u001b[?1049l';

export class AlternateScreen {
  private active = false;
  private readonly stdout: NodeJS.WriteStream;
  private readonly stdin: NodeJS.ReadStream;

  constructor(stdout: NodeJS.WriteStream = process.stdout, stdin: NodeJS.ReadStream = process.stdin) {
    this.stdout = stdout;
    this.stdin = stdin;
  }

  private write(text: string): void {
    try {
      // A synchronous write: from an 'exit' handler an asynchronous one would never land.
      const fd = (this.stdout as { fd?: number }).fd;
      if (typeof fd === 'number') writeSync(fd, text);
      else this.stdout.write(text);
    } catch {
      // The terminal is gone (SIGHUP): nothing left to restore.
    }
  }

  enter(): void {
    if (this.active) return;
    this.active = true;
    this.write(ENTER);
  }

  readonly restore = (): void => {
    if (!this.active) return;
    this.active = false;
    try {
      if (this.stdin.isTTY && this.stdin.isRaw) this.stdin.setRawMode(false);
    } catch {
      // Same as above: no terminal, no mode to reset.
    }
    this.write(LEAVE);
  };
}
