// What tcpdump prints *without* -S, read back from the run's own capture file. Seed 002
// writes the first SYN as "seq = 1" and calls that tcpdump's relative numbering; tcpdump in
// fact prints the SYN and the SYN/ACK with their real (absolute) numbers, and counts from
// them only afterwards: the third segment reads "ack 1", the first data byte "seq 1".

import type { Expectation } from '../../checker/expect.ts';
import { hasFlag, isSyn, isSynAck, type Packet, parseTcpdumpLine } from '../../checker/packets.ts';
import { CAPTURE_FILE } from '../kit/resources.ts';
import { findHandshake } from './capture-checks.ts';
import { t } from './messages.ts';

/** tcpdump's default view of one connection, as the learner types it (no -S). */
export function defaultViewCommand(port: number): string[] {
  return ['tcpdump', '-i', 'lo', '-n', `tcp port ${port}`];
}

/**
 * The SYN in tcpdump's default output carries the same number as in the -S capture (x, not
 * 1), and the client's next segment after the SYN/ACK is printed relative to it: `ack 1`.
 * `runDir` is the run's folder, known once the run plays (the kit keeps capture.pcap there).
 */
export function expectSynPrintedAbsolute(port: number, runDir: () => string | null): Expectation {
  return {
    id: 'tcpdump-prints-syn-absolute',
    text: t('hs.tcpdumpDefault'),
    command: defaultViewCommand(port),
    within: 1000,
    async attempt(env) {
      const dir = runDir();
      const handshake = findHandshake(env.packets(), port);
      if (!dir || !handshake?.third) return { ok: false, observed: 'the handshake is not complete in the capture yet' };
      // -tt so the kit's parser reads the lines; no -S: tcpdump's own default numbering.
      const read = ['tcpdump', '-r', `${dir}/${CAPTURE_FILE}`, '-n', '-tt', `tcp port ${port}`];
      const printed = await env.run(read).catch((error: Error) => error);
      if (printed instanceof Error) return { ok: false, observed: `tcpdump -r failed: ${printed.message}` };
      const lines = printed.stdout.split('\n');
      const segments = lines.map((line) => parseTcpdumpLine(line)).filter((p): p is Packet => p !== null);
      const clientPort = handshake.syn.src.port;
      const syn = segments.find((p) => isSyn(p) && p.src.port === clientPort);
      const synAckAt = segments.findIndex((p) => isSynAck(p) && p.dst.port === clientPort);
      const third = segments
        .slice(synAckAt + 1)
        .find((p) => p.src.port === clientPort && hasFlag(p, 'ACK') && !isSyn(p));
      if (!syn || synAckAt < 0 || !third) return { ok: false, observed: 'tcpdump -r printed no complete handshake' };
      const x = handshake.syn.seq;
      const observed = `tcpdump (no -S) printed the SYN as seq ${syn.seq} (the capture's x = ${x}) and the third segment as ack ${third.ack}`;
      return { ok: syn.seq === x && syn.seq !== 1 && third.ack === 1, observed };
    },
  };
}
