// The exercise: a keep-alive client that makes REQUESTS requests, PAUSE_MS apart, against a
// server that closes connections idle for SERVER_IDLE_MS (shorter than the pause). For the
// first pause the kit holds back the server's FINs (nft), as a FIN still on its way would be,
// so a pool that reuses its idle connection sends into a closed one; after that the FINs get
// through, and the capture shows how long the client leaves a closed connection in CLOSE-WAIT.

import { LabError } from '../kit/errors.ts';
import type { Exercise, PlanInput, Step } from '../kit/lab.ts';
import { act, dropNft, mark, nft, note, start, step, waitExit } from '../kit/plan.ts';
import { dropOnArrival } from '../syn-flood/queue-labs.ts';
import { t } from './messages.ts';
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
      t('ex.step.listens', { port, idleMs }),
      nft('hold_fins', dropOnArrival(hold), t('ex.nft')),
      start('server', { listening: true, env: { IDLE_MS: String(idleMs) } }),
      mark('requests'),
    ),
    step(
      t('ex.step.requests', { n: REQUESTS, pauseMs }),
      start('client', {
        env: { REQUESTS: String(REQUESTS), PAUSE_MS: String(pauseMs), SERVER_IDLE_MS: String(idleMs) },
      }),
      act(t('ex.act.wait'), async (ctx) => {
        const deadline = ctx.elapsed() + 2 * pauseMs + 10_000;
        const answered = () => requestsSeen(ctx.proc('server').stdout).length >= 2;
        const reset = () => ctx.capture.packets.some((p) => p.src.port === port && p.flags.includes('RST'));
        while (!answered() && !reset()) {
          if (ctx.proc('client').exit) break;
          if (ctx.elapsed() > deadline) throw new LabError(t('ex.error.noSecond'));
          if (ctx.signal.aborted) return;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }),
      dropNft('hold_fins'),
      note(t('ex.note.finsPass')),
      waitExit('client', REQUESTS * pauseMs + 10_000),
      {
        id: 'every-request-answered',
        text: t('ex.answered', { n: REQUESTS, idleMs }),
        command: null,
        within: 0,
        hint: t('ex.answered.hint', { idleMs }),
        async attempt(env) {
          const seen = requestsSeen(env.output('server'));
          const gaps = seen.map((r) => r.gapMs).filter((gap): gap is number => gap !== null);
          const ok = seen.length === REQUESTS && gaps.every((gap) => gap >= idleMs);
          return { ok, observed: `${seen.length} answered; gaps ${gaps.join(', ') || '–'} ms` };
        },
      },
      the.counter('no-reset', 'TcpOutRsts', '==', 0, {
        since: 'requests',
        text: t('ex.noReset'),
        hint: t('ex.noReset.hint', { idleMs }),
      }),
      expectCloseWaitSpans(
        'no-lingering-close-wait',
        t('ex.noLinger', { ms: LINGER_MS }),
        port,
        '127.0.0.1',
        { maxMs: LINGER_MS },
        t('ex.noLinger.hint'),
      ),
    ),
  ];
}

export const idleTimeoutExercise: Exercise = {
  id: 'idle-timeout',
  role: 'client',
  get goal() {
    return t('ex.goal', { n: REQUESTS });
  },
  get hints() {
    return [t('ex.hint.1'), t('ex.hint.2'), t('ex.hint.3'), t('ex.hint.4')];
  },
  starter: 'exercise/idle-timeout-starter.ts',
  solution: 'exercise/idle-timeout-solution.ts',
  /** A heading of LESSON.md, or of LESSON.zh.md in Chinese. */
  get why() {
    return t('ex.why');
  },
  plan: idleTimeoutPlan,
};
