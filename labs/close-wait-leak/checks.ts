// What close-wait-leak judges beyond a socket's state: the TcpCurrEstab gauge against the
// socket census (its rule changed in 2024), and which sockets have a timer that will end them.

import { parseCounterFile } from '../../checker/counters.ts';
import { describeRow, type Expectation, type ObserveEnv, sideRows, ssSideArgs } from '../../checker/expect.ts';
import { kernelAtLeast, kernelVersion } from '../../checker/kernel-version.ts';
import type { TcpState } from '../../checker/socket.ts';
import { t } from './messages.ts';

/** The local port a program printed ("… from port 40002"), or null before it printed one. */
export function printedPort(env: ObserveEnv, role: string): number | null {
  for (const line of env.output(role)) {
    const match = /from port (\d+)/.exec(line);
    if (match) return Number(match[1]);
  }
  return null;
}

/**
 * TcpCurrEstab is a gauge. RFC 1213 defines it as the connections in ESTABLISHED or
 * CLOSE-WAIT; Linux counted only ESTABLISHED until a 2024 fix (6.10, and the stable kernels
 * it was backported to; net/ipv4/tcp.c tcp_set_state()). From 6.10 on this kernel must follow
 * the RFC; an older one may follow either rule, and the observation says which.
 */
export function expectCurrEstab(id: string): Expectation {
  return {
    id,
    text: t('gauge.text'),
    command: ['nstat', '-asz', 'TcpCurrEstab'],
    within: 1000,
    async attempt(env) {
      const gauge = parseCounterFile((await env.run(['cat', '/proc/net/snmp'])).stdout).TcpCurrEstab;
      const established = (await env.ss(['ss', '-Htan', 'state', 'established'], 'ESTAB')).length;
      const closeWait = (await env.ss(['ss', '-Htan', 'state', 'close-wait'], 'CLOSE-WAIT')).length;
      const rfcRule = gauge === established + closeWait;
      const oldRule = gauge === established;
      const ok = closeWait > 0 && (kernelAtLeast(6, 10) ? rfcRule : rfcRule || oldRule);
      const rule = rfcRule
        ? 'counts CLOSE-WAIT too (the 2024 rule)'
        : oldRule
          ? 'counts only ESTABLISHED (the rule before the 2024 fix)'
          : 'follows neither rule';
      const release = kernelVersion()?.release ?? 'unknown';
      return {
        ok,
        observed: `TcpCurrEstab ${gauge}; ss: ${established} ESTAB, ${closeWait} CLOSE-WAIT: this ${release} kernel ${rule}`,
      };
    },
  };
}

export interface UntimedSpec {
  id: string;
  side: 'server' | 'client';
  port: number;
  state: TcpState;
  /** Only the socket with this local port (null: not known yet), or every one when absent. */
  localPort?: (env: ObserveEnv) => number | null;
  text: string;
  /** The answer to a prediction about it: there is no timer. */
  answer?: string;
}

/** `ss -o` shows no timer on the socket: nothing in the kernel will end it by itself. */
export function expectNoTimer(spec: UntimedSpec): Expectation {
  const command = ssSideArgs(spec.side, spec.port, [spec.state]);
  return {
    id: spec.id,
    text: spec.text,
    ...(spec.answer ? { answer: spec.answer } : {}),
    command,
    within: 1000,
    async attempt(env) {
      const wanted = spec.localPort?.(env);
      const rows = sideRows(await env.ss(command, spec.state), spec.side, spec.port).filter(
        (row) => row.state === spec.state && (wanted === undefined || row.local.port === wanted),
      );
      if (rows.length === 0) return { ok: false, observed: `no such ${spec.state} socket` };
      const timed = rows.filter((row) => row.timer);
      const shown = rows.map((row) => `${describeRow(row)}${row.timer ? '' : ' no timer'}`).join('; ');
      return { ok: timed.length === 0, observed: shown };
    },
  };
}
