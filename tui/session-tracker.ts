// Every lab session the app opened, so that quitting — by q, Ctrl-C, a signal, or after
// the React tree died — first stops every run and waits until its processes are gone.

import type { LabSession } from './lab-session.ts';

export class SessionTracker {
  private readonly sessions = new Set<LabSession>();

  add(session: LabSession): void {
    this.sessions.add(session);
  }

  /** Leaving a lab: stop its run; its cleanup goes on, and stopAll still waits for it. */
  retire(session: LabSession): void {
    session.stop();
    void session.settled().then(() => this.sessions.delete(session));
  }

  get running(): boolean {
    return [...this.sessions].some((session) => session.running);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.sessions].map((session) => session.dispose()));
  }
}
