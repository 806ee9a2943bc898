// Finding the system tools the kit drives. nft, tcpdump and ip live in /usr/sbin, which an
// ordinary user's PATH often lacks, so those directories are searched too.

import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export const TOOL_NAMES = ['ss', 'ip', 'unshare', 'nsenter', 'setpriv', 'nft', 'tcpdump'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** Which Debian/Ubuntu package provides each tool, for the fix we print. */
export const TOOL_PACKAGE: Record<ToolName, string> = {
  ss: 'iproute2',
  ip: 'iproute2',
  unshare: 'util-linux',
  nsenter: 'util-linux',
  setpriv: 'util-linux',
  nft: 'nftables',
  tcpdump: 'tcpdump',
};

const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
const found = new Map<string, string | null>();

export function findTool(name: string): string | null {
  const cached = found.get(name);
  if (cached !== undefined) return cached;
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), ...EXTRA_DIRS];
  let hit: string | null = null;
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      hit = candidate;
      break;
    } catch {
      // not here; keep looking
    }
  }
  found.set(name, hit);
  return hit;
}

export function installHint(name: ToolName): string {
  return `sudo apt-get install -y ${TOOL_PACKAGE[name]}`;
}
