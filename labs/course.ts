// The course: every lab, in the order it is taught (DESIGN.md §3). This list is the one
// place the order lives; `tcplabs list`, the TUI's home screen and `run --all` follow it.
// A test fails when it names a lab that does not exist, or when a lab is missing from it.

export const COURSE: readonly string[] = [
  // Teardown
  'close-wait-leak',
  'close-wait-fixed',
  'time-wait-active-closer',
  'half-close',
  'close-wait-emfile',
  'pool-close-wait',
  'rst-abort',
  'lost-final-ack',
  'time-wait-ports',
  'fin-wait-2-timeout',
  // Handshake and queues
  'handshake',
  'syn-retries',
  'synack-retries',
  'syn-flood',
  'accept-queue',
  'keepalive',
  'fast-open',
  // Tuning
  'sysctl-audit',
];
