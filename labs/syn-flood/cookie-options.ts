// What a SYN cookie keeps of the client's SYN options, read off the capture. Linux's cookie
// (net/ipv4/syncookies.c) is not seed 004's Bernstein layout: the sequence number holds a
// keyed hash, a minute counter and a 2-bit index into {536, 1300, 1440, 1460} for the MSS.
// Everything else the SYN offered (window scale, SACK, ECN) rides in the low 6 bits of the
// SYN/ACK's timestamp (cookie_init_timestamp()), so with timestamps it comes back in the
// ACK's echo; without timestamps tcp_conn_request() clears the options, and the SYN/ACK
// offers none of them: the connection lives without window scaling and SACK.

import type { Expectation } from '../../checker/expect.ts';
import { isSyn, isSynAck, type Packet, tcpdumpCommand } from '../../checker/packets.ts';
import type { PlanInput, Step } from '../kit/lab.ts';
import { mark, start, step, sysctl } from '../kit/plan.ts';
import { t } from './messages.ts';
import { clientPort } from './syns.ts';

const TIMESTAMPS = 'net.ipv4.tcp_timestamps';

/** A role's handshake as the capture shows it: its SYN and the server's SYN/ACK. */
function handshakeOf(packets: readonly Packet[], port: number, from: number | null) {
  const syn = packets.find((p) => isSyn(p) && p.src.port === from && p.dst.port === port);
  const synAck = packets.find((p) => isSynAck(p) && p.src.port === port && p.dst.port === from);
  return { syn, synAck };
}

const option = (p: Packet, name: string) => p.options.find((o) => o === name || o.startsWith(`${name} `));
const wscaleOf = (p: Packet) => Number(option(p, 'wscale')?.split(' ')[1] ?? Number.NaN);
const tsvalOf = (p: Packet) => Number(/^TS val (\d+)/.exec(option(p, 'TS') ?? '')?.[1] ?? Number.NaN);

/** A capture judgement of one client's cookie handshake. */
function judgeHandshake(
  id: string,
  text: string,
  role: string,
  port: number,
  judge: (syn: Packet, synAck: Packet) => { ok: boolean; observed: string },
): Expectation {
  return {
    id,
    text,
    command: tcpdumpCommand(`tcp port ${port} and tcp[tcpflags] & tcp-syn != 0`),
    within: 1000,
    async attempt(env) {
      const { syn, synAck } = handshakeOf(env.packets(), port, clientPort(env.output(role)));
      if (!syn || !synAck) return { ok: false, observed: `no handshake of the ${role} in the capture` };
      return judge(syn, synAck);
    },
  };
}

/** With timestamps: the SYN's wscale and SACK are in the SYN/ACK's TSval, bits 0–3 and 4. */
function optionsInTsval(role: string, port: number): Expectation {
  return judgeHandshake('cookie-options-in-tsval', t('options.inTsval'), role, port, (syn, synAck) => {
    const ecn = syn.flags.includes('ECE') && syn.flags.includes('CWR') ? 32 : 0;
    const want = wscaleOf(syn) + (option(syn, 'sackOK') ? 16 : 0) + ecn;
    const tsval = tsvalOf(synAck);
    const low = tsval % 64;
    return {
      ok: low === want,
      observed: `SYN: wscale ${wscaleOf(syn)}, ${option(syn, 'sackOK') ? 'sackOK' : 'no SACK'}; cookie SYN/ACK: TS val ${tsval}, low 6 bits ${low} (${want} expected)`,
    };
  });
}

/** Without timestamps: the cookie SYN/ACK offers neither window scaling nor SACK. */
function optionsLost(role: string, port: number): Expectation {
  return judgeHandshake('cookie-without-timestamps-loses-options', t('options.lost'), role, port, (syn, synAck) => {
    const offered = ['wscale', 'sackOK'].filter((name) => option(syn, name));
    const answered = ['wscale', 'sackOK', 'TS'].filter((name) => option(synAck, name));
    return {
      ok: offered.length === 2 && answered.length === 0,
      observed: `SYN options [${syn.options.join(', ')}]; cookie SYN/ACK options [${synAck.options.join(', ')}]`,
    };
  });
}

/**
 * With tcp_syncookies=2 on the quiet listener (every SYN answered with a cookie, whatever the
 * queue holds): one client with timestamps, one without.
 */
export function cookieOptions({ port, the }: PlanInput): Step {
  const quietPort = port + 1;
  return step(
    {
      title: t('options.step', { quietPort }),
      say: t('options.say'),
    },
    mark('options'),
    sysctl(TIMESTAMPS, 2),
    start('ts client', { env: { PORT: String(quietPort) }, until: /connected in/, timeoutMs: 5000 }),
    optionsInTsval('ts client', quietPort),
    sysctl(TIMESTAMPS, 0),
    start('no-ts client', { env: { PORT: String(quietPort) }, until: /connected in/, timeoutMs: 5000 }),
    optionsLost('no-ts client', quietPort),
    the.counter('option-clients-by-cookie', 'TcpExtSyncookiesRecv', '>=', 2, {
      since: 'options',
      text: t('options.byCookie'),
    }),
    sysctl(TIMESTAMPS, 1),
  );
}
