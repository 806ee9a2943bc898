// `tcplabs show`: a lab's plan before anything runs, and the course as data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COURSE } from '../labs/course.ts';
import { planView } from '../labs/kit/plan-view.ts';
import { labIds, loadLabs } from '../labs/kit/registry.ts';
import { tcplabs } from './helpers.ts';

describe('tcplabs show', () => {
  it('close-wait-leak: 8 steps and 10 expectations with the commands that show them, before any run', async () => {
    const result = await tcplabs(['show', 'close-wait-leak', '--json']);
    assert.equal(result.exitCode, 0, result.stderr);
    const plan = JSON.parse(result.stdout);
    assert.equal(plan.id, 'close-wait-leak');
    assert.equal(plan.steps.length, 8);
    const expectations = plan.steps.flatMap((s: { expectations: unknown[] }) => s.expectations);
    assert.deepEqual(
      expectations.map((e: { id: string; command: string[] }) => `${e.id} ${e.command[0]}`),
      [
        'client-established ss',
        'server-close-wait ss',
        'client-fin-wait-2 ss',
        'still-close-wait ss',
        'close-wait-no-timer ss',
        'curr-estab-close-wait nstat',
        'client-fin-wait-2-no-timer ss',
        'fin-timeout-default sysctl',
        'orphan-fin-wait-2-timer ss',
        'two-close-waits ss',
      ],
    );
    for (const e of expectations) assert.ok(e.text.length > 0);
    assert.deepEqual(
      plan.programs.map((p: { role: string; side: string }) => `${p.role}:${p.side}`),
      ['server:server', 'client:client', 'exiting client:client'],
    );
    assert.deepEqual(plan.needs, {});
  });

  it('prints the plan as text, with the exercise the check plays', async () => {
    const result = await tcplabs(['show', 'close-wait-fixed']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^1\. server listens on :8818$/m);
    assert.match(result.stdout, /\$ ss -Htanop state time-wait 'dport = :8818'/);
    assert.match(result.stdout, /tcplabs check close-wait-fixed --server <file> plays:/);
  });

  it('an unknown lab: exit 2, one line naming the labs', async () => {
    const result = await tcplabs(['show', 'no-such-lab']);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /^tcplabs: unknown lab "no-such-lab"; the labs are: close-wait-leak, /);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });

  it('every lab has a plan: steps, unique expectation ids, programs with sides', async () => {
    for (const lab of await loadLabs()) {
      const view = planView(lab);
      assert.ok(view.steps.length > 0, `${lab.id} has steps`);
      const ids = view.steps.flatMap((s) => s.expectations.map((e) => e.id));
      assert.ok(ids.length > 0, `${lab.id} declares its expectations in the plan`);
      assert.equal(new Set(ids).size, ids.length, `${lab.id}: expectation ids are unique`);
      for (const program of view.programs) {
        assert.ok(['client', 'server', 'attacker', 'observer'].includes(program.side), `${lab.id}/${program.role}`);
      }
    }
  });
});

describe('the course', () => {
  it('lists every lab exactly once, and only labs that exist', () => {
    assert.deepEqual([...COURSE].sort(), labIds().sort());
    assert.equal(new Set(COURSE).size, COURSE.length);
    assert.deepEqual(labIds(), [...COURSE]);
  });
});
