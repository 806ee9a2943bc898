import { isSyn, tcpdumpCommand } from '../../checker/packets.ts';
import { giveUpWindow, type Retransmits, retransmits, windowText } from '../../checker/retransmits.ts';
import type { Bound } from '../kit/bound.ts';
import { type Action, defineLab, playing } from '../kit/lab.ts';
import { act, hasSysctl, mark, nft, type StepItem, start, step, sysctl, waitCapture, waitFor } from '../kit/plan.ts';

const SYN_RETRIES = 2;
const LINEAR_TIMEOUTS = 'net.ipv4.tcp_syn_linear_timeouts';
/** This kernel's default for tcp_syn_linear_timeouts (a fresh namespace reads 4). */
const KERNEL_LINEAR_DEFAULT = 4;
/** connect() gives up ≈ 7 s = 1 + 2 + 4 after the first SYN, whichever schedule the SYNs keep. */
const GIVE_UP = giveUpWindow(7000);

/** The SYNs of the nth client to dial (its copies on the wire, and its SYN-SENT timer). */
function synsOf(port: number, nth: number): Retransmits<Action> {
  return retransmits({
    label: 'SYN',
    segments: (packets) => {
      const syns = packets.filter((p) => isSyn(p) && p.dst.port === port);
      const clientPort = [...new Set(syns.map((p) => p.src.port))][nth];
      return syns.filter((p) => p.src.port === clientPort);
    },
    side: 'client',
    port,
    state: 'SYN-SENT',
    command: tcpdumpCommand(`tcp dst port ${port} and tcp[tcpflags] == tcp-syn`),
    wait: waitCapture,
  });
}

/** An expectation's id, and the words a learner reads. */
type Said = readonly [id: string, text: string];

/**
 * One client's give-up: its SYN gaps (one per retransmission), the counter mark taken before
 * it started, how long connect() may still take once its last SYN was seen, and what is said.
 */
interface GiveUp {
  role: string;
  syns: Retransmits<Action>;
  gapsMs: readonly number[];
  since: string;
  waitMs: number;
  etimedout: Said;
  gaveUp: Said;
  schedule: Said;
  counter: Said;
}

/** What a client's connect() left once its kernel gave up: ETIMEDOUT, ≈ 7 s, the SYNs, the counter. */
function gaveUp(the: Bound, { role, syns, gapsMs, since, waitMs, ...said }: GiveUp): StepItem[] {
  let tookMs: number | null = null;
  return [
    waitFor(role, /failed after|connected after/, waitMs),
    act(`read how long the ${role}'s connect() took (it prints it)`, (ctx) => {
      const line = ctx.proc(role).stdout.find((text) => /failed after \d+ ms/.test(text));
      tookMs = line ? Number(/failed after (\d+) ms/.exec(line)?.[1]) : null;
    }),
    the.output(said.etimedout[0], role, /connect\(\) failed after \d+ ms: ETIMEDOUT/, { text: said.etimedout[1] }),
    the.duration(said.gaveUp[0], "the client's connect()", () => tookMs, GIVE_UP, { text: said.gaveUp[1] }),
    syns.schedule(said.schedule[0], gapsMs, said.schedule[1]),
    the.counter(said.counter[0], 'TcpExtTCPSynRetrans', '==', gapsMs.length, {
      since,
      within: 0,
      text: said.counter[1],
    }),
  ];
}

export default defineLab({
  id: 'syn-retries',
  title: 'SYN retries: how long connect() waits for a server that never answers',
  topic: 'timers',
  seed: '003',
  summary:
    'A firewall drops every SYN: the client sits in SYN-SENT while its kernel resends the SYN 1 s and 2 s later, and connect() fails with ETIMEDOUT after ≈ 7 s (tcp_syn_retries=2); with the kernel’s default linear timeouts the retries come every second, yet the deadline stays 7 s.',
  needs: { nft: true, tcpdump: true, sysctls: { 'net.ipv4.tcp_syn_retries': SYN_RETRIES } },
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', 'client.ts', 'client', 'client-linear'),
  },
  // Two connect() attempts that each wait for the kernel to give up: 1 + 2 + 4 s, then
  // (linear timeouts) 1 + 1 + 1 + 1 + 1 + 2 s. Fast mode shortens nothing: there is no pause.
  floorMs: 14_000,
  timeoutMs: 45_000,
  plan: ({ port, the }) => {
    const textbook = synsOf(port, 0);
    const linear = synsOf(port, 1);
    const linearOnly = hasSysctl(LINEAR_TIMEOUTS);
    return [
      step(`the server listens on :${port}`, start('server', { listening: true })),
      step(
        `a firewall drops every SYN to :${port} (nft, input hook)`,
        // Dropped on arrival, after tcpdump saw it leave: the client's kernel sent it and never
        // hears back. (In the output hook the client's own send would fail, which is not a
        // black hole: the kernel treats that as local congestion and retries on another clock.)
        nft(
          'drop_syns',
          `chain drop_syns {
            type filter hook input priority 0;
            tcp dport ${port} tcp flags & (syn | ack) == syn drop
          }`,
        ),
      ),
      step(
        { title: `the textbook schedule needs ${LINEAR_TIMEOUTS}=0 (the SYN timer doubles)`, when: linearOnly },
        act(`note what a new namespace reads for ${LINEAR_TIMEOUTS}`, async (ctx) => {
          ctx.note(`a new namespace reads ${LINEAR_TIMEOUTS}=${await ctx.readSysctl(LINEAR_TIMEOUTS)}`);
        }),
        sysctl(LINEAR_TIMEOUTS, 0),
      ),
      step(
        `the textbook schedule (tcp_syn_retries=${SYN_RETRIES}, tcp_syn_linear_timeouts=0): SYN, then 1 s, then 2 s`,
        mark('textbook'),
        start('client'),
        ...textbook.afterCopy('syn-sent-after-first-retry', 2, {
          waitMs: 5000,
          maxMs: 2000,
          text: 'after the first retry, ss -o shows SYN-SENT timer:(on,…,1): 1 retransmission, the next due within 2 s (the timeout doubled)',
        }),
        ...textbook.afterCopy('syn-sent-after-second-retry', 3, {
          waitMs: 4000,
          maxMs: 4000,
          text: 'after the second retry, ss -o shows SYN-SENT timer:(on,…,2), due within 4 s: the last wait before giving up',
        }),
      ),
      step(
        '4 s after the last SYN the kernel gives up: connect() fails with ETIMEDOUT',
        ...gaveUp(the, {
          role: 'client',
          syns: textbook,
          gapsMs: [1000, 2000],
          since: 'textbook',
          waitMs: 7000,
          etimedout: [
            'connect-etimedout',
            'connect() failed with ETIMEDOUT (the kernel gave up; nothing refused the connection)',
          ],
          gaveUp: [
            'gave-up-after-7s',
            `connect() gave up after ≈ 7 s = 1 + 2 + 4 (tcp_syn_retries=${SYN_RETRIES}; ${windowText(GIVE_UP)})`,
          ],
          schedule: [
            'syn-schedule-textbook',
            `tcpdump saw 3 SYNs, 1 s then 2 s apart (${textbook.tolerance}), all with the same sequence number: one SYN and ${SYN_RETRIES} retransmissions`,
          ],
          counter: [
            'syn-retrans-textbook',
            `TcpExtTCPSynRetrans grew by exactly ${SYN_RETRIES}: the kernel counts every SYN it resent`,
          ],
        }),
        the.client.count('client-socket-gone', 'SYN-SENT', '==', 0, {
          text: 'within 1 s, no client socket is left in SYN-SENT',
        }),
        the.server.count('server-never-saw-a-syn', 'SYN-RECV', '==', 0, {
          within: 0,
          text: 'the server never saw a SYN: no SYN-RECV on its side (the drop came before TCP)',
        }),
      ),
      step(
        {
          title: `the kernel's own default (tcp_syn_linear_timeouts=${KERNEL_LINEAR_DEFAULT}): a SYN every second, same tcp_syn_retries=${SYN_RETRIES}`,
          when: linearOnly,
        },
        sysctl(LINEAR_TIMEOUTS, KERNEL_LINEAR_DEFAULT),
        mark('linear'),
        start('client-linear'),
        ...linear.afterCopy('syn-sent-after-linear-retries', 6, {
          waitMs: 10_000,
          maxMs: 2000,
          text: 'after 5 retries 1 s apart, ss -o shows SYN-SENT timer:(on,…,5), due within 2 s: that expiry is the give-up',
        }),
      ),
      step(
        { title: 'more tries, same deadline: connect() still fails after ≈ 7 s', when: linearOnly },
        ...gaveUp(the, {
          role: 'client-linear',
          syns: linear,
          gapsMs: [1000, 1000, 1000, 1000, 1000],
          since: 'linear',
          waitMs: 5000,
          etimedout: ['linear-connect-etimedout', 'connect() failed with ETIMEDOUT again'],
          gaveUp: [
            'linear-gave-up-after-7s',
            `connect() gave up after ≈ 7 s again (${windowText(GIVE_UP)}): the deadline is still the doubling schedule's 1 + 2 + 4 s`,
          ],
          schedule: [
            'syn-schedule-linear',
            `tcpdump saw 6 SYNs 1 s apart (${linear.tolerance}): 5 retransmissions where the textbook schedule fits ${SYN_RETRIES}`,
          ],
          counter: ['syn-retrans-linear', 'TcpExtTCPSynRetrans grew by exactly 5 this time'],
        }),
      ),
    ];
  },
});
