// What close-wait-fixed judges beyond states: the server's FIN on the wire, the server's
// socket being gone, and when the kernel counts a TIME-WAIT (TcpExtTW; the rule changed in 5.17).

import { describeRow, type Expectation, sideRows } from '../../checker/expect.ts';
import { kernelAtLeast, kernelVersion } from '../../checker/kernel-version.ts';
import { fromClient, hasFlag, splitConnections, tcpdumpCommand } from '../../checker/packets.ts';
import { t } from './messages.ts';

/** The ack that acknowledges a FIN: a FIN takes the sequence number after the segment's data. */
function finAck(seqEnd: number): number {
  return (seqEnd + 1) % 2 ** 32;
}

/** The server's FIN carries ACK, and acknowledges the client's FIN (seed 001 writes ACK=0). */
export function expectServerFinAcks(id: string, port: number): Expectation {
  return {
    id,
    text: t('expect.serverFinAcks'),
    command: tcpdumpCommand(`tcp port ${port} and tcp[tcpflags] & tcp-fin != 0`),
    within: 1000,
    async attempt(env) {
      const conn = splitConnections(env.packets(), [port]).find((c) => c.server.port === port);
      const fins = conn?.packets.filter((p) => hasFlag(p, 'FIN')) ?? [];
      const clientFin = fins.find((p) => conn && fromClient(conn, p));
      const serverFin = fins.find((p) => conn && !fromClient(conn, p));
      if (!clientFin || !serverFin) return { ok: false, observed: `${fins.length} FIN segments captured` };
      const wanted = finAck(clientFin.seqEnd ?? 0);
      const ok = hasFlag(serverFin, 'ACK') && serverFin.ack === wanted;
      return {
        ok,
        observed: `server's FIN: Flags [${serverFin.flagText}], seq ${serverFin.seq}, ack ${serverFin.ack} (the client's FIN was seq ${clientFin.seqEnd}, so ack ${wanted} acknowledges it)`,
      };
    },
  };
}

/** No server-side socket of the port is left at all (the listener aside). */
export function expectServerGone(id: string, port: number): Expectation {
  const command = ['ss', '-Htanop', `sport = :${port}`];
  return {
    id,
    text: t('expect.serverGone', { port }),
    command,
    within: 1000,
    async attempt(env) {
      const rows = sideRows(await env.ss(command), 'server', port);
      return { ok: rows.length === 0, observed: rows.length ? rows.map(describeRow).join('; ') : 'none' };
    },
  };
}

/**
 * TcpExtTW counts TIME-WAIT sockets. Since 5.17 the kernel counts one when its TIME-WAIT
 * begins (net/ipv4/inet_timewait_sock.c __inet_twsk_schedule()); before, when its timer
 * fired 60 s later (tw_timer_handler()). A run is over long before that.
 */
export function expectTimeWaitCounted(id: string, timeWaits: number): Expectation {
  const atStart = kernelAtLeast(5, 17);
  const wanted = atStart ? timeWaits : 0;
  return {
    id,
    text: atStart ? t('expect.twAtStart', { n: timeWaits }) : t('expect.twAtEnd'),
    command: ['nstat', '-asz', 'TcpExtTW'],
    within: 1000,
    async attempt(env) {
      const grew = (await env.counterDeltas()).TcpExtTW ?? 0;
      const release = kernelVersion()?.release ?? 'unknown';
      const rule = atStart ? 'counts a TIME-WAIT when it begins' : 'counts a TIME-WAIT when it ends';
      return { ok: grew === wanted, observed: `TcpExtTW +${grew} during the run; this ${release} kernel ${rule}` };
    },
  };
}
