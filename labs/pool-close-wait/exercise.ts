// The exercise: a keep-alive client that makes REQUESTS requests, PAUSE_MS apart, against a
// server that closes connections idle for SERVER_IDLE_MS (shorter than the pause). For the
// first pause the kit holds back the server's FINs (nft), as a FIN still on its way would be,
// so a pool that reuses its idle connection sends into a closed one; after that the FINs get
// through, and the capture shows how long the client leaves a closed connection in CLOSE-WAIT.

import { LabError } from '../kit/errors.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { act, dropNft, mark, nft, note, start, step, waitExit } from '../kit/plan.ts';
import { dropOnArrival } from '../syn-flood/queue-labs.ts';
import { expectCloseWaitSpans } from './wire.ts';

export const REQUESTS = 4;
/** A client may leave a closed connection in CLOSE-WAIT this long (Node takes a millisecond). */
const LINGER_MS = 50;

/** "server: request 3 (GET /3) from 127.0.0.1:40000, 402 ms after the previous one" */
function requestsSeen(lines: readonly string[]): Array<{ gapMs: number | null }> {
  return lines.flatMap((line) => {
    const m = /^server: request \d+ .*?(?:, (\d+) ms after the previous one)?$/.exec(line);
    return m ? [{ gapMs: m[1] === undefined ? null : Number(m[1]) }] : [];
  });
}

function idleTimeoutPlan({ port, scale, the }: PlanInput): Step[] {
  const idleMs = scale(3000);
  const pauseMs = scale(5000);
  const hold = `tcp sport ${port} tcp flags & fin == fin`;
  return [
    step(
      `the server listens on :${port} and closes connections idle for ${idleMs} ms; the kit holds back its FINs`,
      nft('hold_fins', dropOnArrival(hold), "the server's FINs are lost on the way, until your second request"),
      start('server', { listening: true, env: { IDLE_MS: String(idleMs) } }),
      mark('requests'),
    ),
    step(
      `your client makes ${REQUESTS} requests, ${pauseMs} ms apart`,
      start('client', {
        env: { REQUESTS: String(REQUESTS), PAUSE_MS: String(pauseMs), SERVER_IDLE_MS: String(idleMs) },
      }),
      act('wait for your second request: answered by the server, or reset by its kernel', async (ctx) => {
        const deadline = ctx.elapsed() + 2 * pauseMs + 10_000;
        const answered = () => requestsSeen(ctx.proc('server').stdout).length >= 2;
        const reset = () => ctx.capture.packets.some((p) => p.src.port === port && p.flags.includes('RST'));
        while (!answered() && !reset()) {
          if (ctx.proc('client').exit) break;
          if (ctx.elapsed() > deadline) throw new LabError('your client made no second request');
          if (ctx.signal.aborted) return;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }),
      dropNft('hold_fins'),
      note("from here on the server's FINs get through"),
      waitExit('client', REQUESTS * pauseMs + 10_000),
      {
        id: 'every-request-answered',
        text: `the server answered all ${REQUESTS} requests, each at least ${idleMs} ms after the one before`,
        command: null,
        within: 0,
        hint: `the server did not answer every request: one went out on a connection the server had already closed (its FIN was still on the way, so your client could not know) and was reset; give your pool an idle timeout below the server's ${idleMs} ms`,
        async attempt(env) {
          const seen = requestsSeen(env.output('server'));
          const gaps = seen.map((r) => r.gapMs).filter((gap): gap is number => gap !== null);
          const ok = seen.length === REQUESTS && gaps.every((gap) => gap >= idleMs);
          return { ok, observed: `${seen.length} answered; gaps ${gaps.join(', ') || '–'} ms` };
        },
      },
      the.counter('no-reset', 'TcpOutRsts', '==', 0, {
        since: 'requests',
        text: 'TcpOutRsts did not move: no request met a closed connection',
        hint: `a request of yours reached a connection the server had closed, and its kernel answered RST (ECONNRESET for you); close idle connections before the server's ${idleMs} ms: new http.Agent({ keepAlive: true, timeout: … })`,
      }),
      expectCloseWaitSpans(
        'no-lingering-close-wait',
        `no connection of your client stayed CLOSE-WAIT more than ${LINGER_MS} ms after the server's FIN`,
        port,
        '127.0.0.1',
        { maxMs: LINGER_MS },
        "your client left a connection the server had closed in CLOSE-WAIT: it neither read the EOF nor closed it (a blocked event loop, or a pool that ignores 'end')",
      ),
    ),
  ];
}

export const idleTimeoutExercise: Exercise = {
  id: 'idle-timeout',
  role: 'client',
  goal: `make ${REQUESTS} keep-alive requests, pauses longer than the server's idle timeout between them, with no ECONNRESET and no lingering CLOSE-WAIT`,
  hints: [
    "Close idle connections before the server does: new http.Agent({ keepAlive: true, timeout: SERVER_IDLE_MS / 2 }); the pool's `timeout` applies to its idle sockets.",
    "Node's pool already drops a socket when the server's FIN arrives, if its event loop is free to read it; it cannot know about a FIN still on the way.",
    'Giving up keep-alive (an agent without keepAlive) also passes, at the price of a handshake per request.',
    'Read PORT, REQUESTS, PAUSE_MS and SERVER_IDLE_MS from the environment; connect to 127.0.0.1.',
  ],
  starter: 'exercise/idle-timeout-starter.ts',
  solution: 'exercise/idle-timeout-solution.ts',
  why: 'The fix: close idle connections before the server does',
  plan: idleTimeoutPlan,
};
