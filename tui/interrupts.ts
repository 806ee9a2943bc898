// Signals from outside the React tree (SIGINT from `kill`, SIGTERM, SIGHUP) handed to the
// app, which alone decides how to stop: Ctrl-C semantics for an interrupt, quit otherwise.

export type InterruptKind = 'interrupt' | 'terminate';

export class Interrupts {
  private readonly listeners = new Set<(kind: InterruptKind) => void>();

  subscribe(listener: (kind: InterruptKind) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(kind: InterruptKind): void {
    for (const listener of this.listeners) listener(kind);
  }
}
