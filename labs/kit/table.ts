// Reading a sandbox's socket table for the sampler.

import { readFileSync } from 'node:fs';
import { parseProcNetTcp } from '../../checker/procnet.ts';
import type { SocketRow } from '../../checker/socket.ts';
import type { Sandbox } from './sandbox.ts';

/**
 * Reads the sandbox's socket table. Each read of /proc/net/tcp{,6} walks the kernel's whole
 * established hash (shared by every namespace: 262,144 buckets here), about 1 ms of CPU per
 * file. Lab programs use IPv4, so on periodic ticks tcp6 is read only while it holds sockets,
 * and otherwise every 10th tick (a learner's server listening on :: shows up there).
 */
export function tableReader(sandbox: Sandbox): (thorough: boolean) => SocketRow[] {
  let tick = 0;
  let v6: SocketRow[] = [];
  return (thorough) => {
    const v4 = parseProcNetTcp(readFileSync(sandbox.procNet('tcp'), 'utf8'), 4);
    if (thorough || v6.length > 0 || tick++ % 10 === 0) {
      v6 = parseProcNetTcp(readFileSync(sandbox.procNet('tcp6'), 'utf8'), 6);
    }
    return v6.length > 0 ? [...v4, ...v6] : v4;
  };
}
