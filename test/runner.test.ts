// The runner itself: step mode, its time limit, and stopping a run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { act, start, step } from '../labs/kit/plan.ts';
import { loadLab } from '../labs/kit/registry.ts';
import { runLab } from '../labs/kit/runner.ts';
import { waitGone } from './helpers.ts';

describe('runner', () => {
  it('step mode waits at every step, and that waiting does not count against the time limit', async () => {
    const lab = { ...(await loadLab('close-wait-leak')), timeoutMs: 3000 };
    const gates: string[] = [];
    const report = await runLab(lab, {
      fast: true,
      stepGate: async (step) => {
        gates.push(step.title);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      },
    });
    assert.equal(report.verdict, 'pass', report.error ?? '');
    assert.equal(gates.length, report.steps.length);
    assert.ok(report.durationMs > 3000, `the gates alone took ${gates.length} s`);
  });

  it('gives up on a lab that hangs, with an error and nothing left running', async () => {
    const base = await loadLab('close-wait-leak');
    let serverPid: number | null = null;
    const lab = {
      ...base,
      timeoutMs: 1500,
      plan: () => [
        step(
          'the server listens, then the lab hangs',
          start('server', { listening: true }),
          act('hang', async (ctx) => {
            serverPid = ctx.proc('server').pid;
            await new Promise(() => {});
          }),
        ),
      ],
    };
    const report = await runLab(lab, { fast: true });
    assert.equal(report.verdict, 'error');
    assert.match(report.error ?? '', /did not finish within [\d.]+ s/);
    assert.ok(serverPid !== null);
    assert.deepEqual(await waitGone([serverPid]), []);
  });

  it('stops when its signal is aborted: verdict error, "stopped"', async () => {
    const controller = new AbortController();
    const report = await runLab(await loadLab('close-wait-leak'), {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'step' && event.index === 1 && event.status === 'running') controller.abort();
      },
    });
    assert.equal(report.verdict, 'error');
    assert.equal(report.error, 'stopped');
  });
});
