// Which side of a kernel change the running kernel is on. Rules that changed between the
// kernels learners have (DESIGN.md §5) are judged against the release `uname -r` prints; a
// lab names the rule it expects on each side of the change.

import os from 'node:os';

export interface KernelVersion {
  major: number;
  minor: number;
  /** As `uname -r` prints it, e.g. `6.1.0-57-amd64`. */
  release: string;
}

/** `6.18.44-fc-v1045` → 6.18; null when the release does not start with major.minor. */
export function kernelVersion(release: string = os.release()): KernelVersion | null {
  const match = /^(\d+)\.(\d+)/.exec(release);
  return match ? { major: Number(match[1]), minor: Number(match[2]), release } : null;
}

/** true when the kernel is `major.minor` or newer (false when its release cannot be read). */
export function kernelAtLeast(major: number, minor: number, release: string = os.release()): boolean {
  const version = kernelVersion(release);
  if (!version) return false;
  return version.major > major || (version.major === major && version.minor >= minor);
}
