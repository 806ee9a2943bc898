// The lab's second host: a network namespace of its own, joined to the sandbox by a veth pair
// (10.200.0.1 on this side, 10.200.0.2 on that one), like a client machine on the same LAN.
// Nothing between them is loopback, which is the point: tcp_tw_reuse=2 reuses TIME-WAIT
// ports only for loopback connections.
//
// No privilege is needed beyond the sandbox's own: the user namespace that owns the sandbox
// may create network namespaces and veth pairs. A `sleep` started with `unshare -n` holds the
// namespace; commands run there through `nsenter --net=/proc/PID/ns/net`. It all dies with
// the sandbox.

import { type Counters, counterCommand, counterDeltas, parseCounterFile } from '../../checker/counters.ts';
import { compare, type Expectation, type ObserveEnv, type Op } from '../../checker/expect.ts';
import type { Condition, LabContext } from '../kit/lab.ts';
import { act } from '../kit/plan.ts';
import { findTool } from '../kit/tools.ts';
import { t } from './messages.ts';
import type { Where } from './probes.ts';

export const LINK = { here: '10.200.0.1', there: '10.200.0.2' } as const;

const tool = (name: string) => findTool(name) ?? name;

/** Make the namespace, wait until the holder is in it, wire the veth pair, narrow its ports. */
function setupScript(portRange: string): string {
  const [ip, unshare, nsenter] = [tool('ip'), tool('unshare'), tool('nsenter')];
  return `set -e
${unshare} -n sleep infinity </dev/null >/dev/null 2>&1 &
pid=$!
until [ "$(readlink /proc/$pid/ns/net)" != "$(readlink /proc/self/ns/net)" ]; do
  kill -0 $pid; sleep 0.01
done
${ip} link add veth0 type veth peer name veth1 netns $pid
${ip} addr add ${LINK.here}/24 dev veth0
${ip} link set veth0 up
${nsenter} --net=/proc/$pid/ns/net sh -c '${ip} link set lo up && ${ip} addr add ${LINK.there}/24 dev veth1 && ${ip} link set veth1 up && echo ${portRange} > /proc/sys/net/ipv4/ip_local_port_range'
echo $pid`;
}

export class SecondHost implements Where {
  get name(): string {
    return t('where.secondHost');
  }
  /** The namespace holder's pid inside the sandbox, once made. */
  private pid: number | null = null;
  private why = '';
  private readonly marks = new Map<string, Counters>();

  wrap(argv: readonly string[]): string[] {
    return ['nsenter', `--net=/proc/${this.pid ?? 'PID'}/ns/net`, ...argv];
  }

  /** Make it; if this sandbox cannot, say why and let the steps that need it be skipped. */
  create(portRange: string) {
    return act(t('act.makeHost', { here: LINK.here, there: LINK.there, range: portRange }), async (ctx) => {
      try {
        this.pid = Number((await ctx.sh(['bash', '-c', setupScript(portRange)])).stdout.trim());
        ctx.note(t('note.hostUp', { there: LINK.there, pid: this.pid }));
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        this.why = (error as Error).message;
        ctx.note(t('note.noHost', { why: this.why }));
      }
    });
  }

  /** A step's `when`: run only where the second host was made. */
  get exists(): Condition {
    return {
      text: t('when.hostExists'),
      holds: async () => this.pid !== null,
    };
  }

  /** Its TcpExt counters (the ones this lab reads), from /proc/PID/net/netstat. */
  private async counters(read: (argv: string[]) => Promise<{ stdout: string }>): Promise<Counters> {
    return parseCounterFile((await read(['cat', `/proc/${this.pid}/net/netstat`])).stdout);
  }

  /** Remember the second host's counters (its own namespace's, read from /proc/PID/net). */
  mark(name: string) {
    return act(t('act.markHost', { name }), async (ctx: LabContext) => {
      this.marks.set(name, await this.counters((argv) => ctx.sh(argv)));
    });
  }

  /** "TcpExtTWRecycled grew by exactly 1 on the second host since the mark." */
  counter(id: string, name: string, op: Op, n: number, since: string, text: string): Expectation {
    const shown = () => this.wrap(counterCommand(name));
    return {
      id,
      text,
      get command() {
        return shown();
      },
      within: 0,
      attempt: async (env: ObserveEnv) => {
        const from = this.marks.get(since);
        if (!from) return { ok: false, observed: `no mark ${since} on the second host` };
        const delta = counterDeltas(from, await this.counters((argv) => env.run(argv)))[name] ?? 0;
        return { ok: compare(delta, op, n), observed: `${name} +${delta} on the second host` };
      },
    };
  }
}
