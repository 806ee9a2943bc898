import type { Expectation } from '../../checker/expect.ts';
import { describeRow, expectCount, expectOutput, expectState } from '../../checker/expect.ts';
import { defineLab } from '../kit/lab.ts';

const TOTAL_BYTES = 5000;

/** The client's socket, still in FIN-WAIT-2, has received bytes (ss -i: bytes_received). */
function expectBytesInFinWait2(port: number, atLeast: number): Expectation {
  const command = ['ss', '-Htinop', 'state', 'fin-wait-2', `dport = :${port}`];
  return {
    id: 'client-reads-in-fin-wait-2',
    text: `within 2 s, the client's FIN-WAIT-2 socket has received at least ${atLeast} bytes (ss -i bytes_received)`,
    command,
    within: 2000,
    async attempt(env) {
      const rows = (await env.ss(command, 'FIN-WAIT-2')).filter((row) => row.peer.port === port);
      const row = rows[0];
      if (!row) return { ok: false, observed: 'no client socket in FIN-WAIT-2' };
      const bytes = Number(row.info?.bytes_received ?? 0);
      return { ok: bytes >= atLeast, observed: `${describeRow(row)} bytes_received:${bytes}` };
    },
  };
}

export default defineLab({
  id: 'half-close',
  title: 'Half-close: reading after your own FIN',
  topic: 'teardown',
  seed: '001',
  summary: "After the client's FIN the server keeps sending; the client, in FIN-WAIT-2, still receives all of it.",
  needs: {},
  port: 8818,
  programs: { server: 'server.ts', client: 'client.ts' },
  async run(ctx) {
    const port = ctx.port;

    await ctx.step(`server listens on :${port}`, async () => {
      await ctx.waitListening(ctx.start('server'));
    });

    const client = await ctx.step('client sends its request and FIN at once (FIN →)', async () => {
      const client = ctx.start('client');
      await ctx.waitOutput(client, /sent the request and FIN/);
      await ctx.expect(expectState({ id: 'client-fin-wait-2', side: 'client', port, state: 'FIN-WAIT-2' }));
      await ctx.expect(
        expectState({
          id: 'server-close-wait',
          side: 'server',
          port,
          state: 'CLOSE-WAIT',
          text: `within 1 s, the server side is CLOSE-WAIT: it got the FIN and may still send`,
        }),
      );
      return client;
    });

    await ctx.step('server keeps sending (← data); the client still reads', async () => {
      await ctx.expect(expectBytesInFinWait2(port, 1000));
    });

    await ctx.step('server closes (← FIN); the client holds TIME-WAIT', async () => {
      await ctx.waitOutput(client, /EOF after/, ctx.scale(3000) + 5000);
      await ctx.expect(
        expectOutput({
          id: 'client-got-everything',
          role: 'client',
          pattern: new RegExp(`EOF after ${TOTAL_BYTES} bytes`),
          text: `the client read all ${TOTAL_BYTES} bytes the server sent after the client's FIN`,
        }),
      );
      await ctx.expect(expectState({ id: 'client-time-wait', side: 'client', port, state: 'TIME-WAIT' }));
      await ctx.expect(
        expectCount({ id: 'server-gone', side: 'server', port, state: 'CLOSE-WAIT', op: '==', n: 0, within: 1000 }),
      );
    });
  },
});
