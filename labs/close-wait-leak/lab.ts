import { expectState } from '../../checker/expect.ts';
import { closeOnEofExercise, playCloseOnEof } from '../close-wait-fixed/close-on-eof.ts';
import { defineLab } from '../kit/lab.ts';

export default defineLab({
  id: 'close-wait-leak',
  title: 'CLOSE-WAIT leak: a server that ignores EOF',
  topic: 'teardown',
  seed: '001',
  summary: 'The client closes; the server never does: its side sits in CLOSE-WAIT, the client in FIN-WAIT-2.',
  needs: {},
  port: 8818,
  programs: { server: 'server.ts', client: 'client.ts' },
  // The exercise: fix this server. `tcplabs check close-wait-leak --server your-server.ts`.
  exercise: closeOnEofExercise,
  async run(ctx) {
    if (ctx.mode === 'check') return playCloseOnEof(ctx);
    const port = ctx.port;

    await ctx.step(`server listens on :${port}`, async () => {
      await ctx.waitListening(ctx.start('server'));
    });

    const client = await ctx.step(`client dials :${port} and writes "Connect success"`, async () => {
      const client = ctx.start('client');
      await ctx.waitOutput(client, /wrote/);
      await ctx.expect(expectState({ id: 'client-established', side: 'client', port, state: 'ESTAB' }));
      return client;
    });

    await ctx.step(`client waits ${ctx.scale(3000)} ms, then closes (FIN →)`, async () => {
      await ctx.waitOutput(client, /FIN sent/, ctx.scale(3000) + 5000);
      ctx.note("client → FIN → server; the server's kernel ACKs it by itself (← ACK), not the program");
    });

    await ctx.step('server reads EOF and ignores it', async () => {
      await ctx.expect(
        expectState({
          id: 'server-close-wait',
          side: 'server',
          port,
          state: 'CLOSE-WAIT',
          text: `within 1 s, the server side of :${port} is CLOSE-WAIT (FIN received and ACKed, no close yet)`,
        }),
      );
      await ctx.expect(
        expectState({
          id: 'client-fin-wait-2',
          side: 'client',
          port,
          state: 'FIN-WAIT-2',
          text: `within 1 s, the client side is FIN-WAIT-2 (its FIN was ACKed; it waits for the server's FIN)`,
        }),
      );
    });

    await ctx.step(`the leak stays (${ctx.scale(2000)} ms later)`, async () => {
      await ctx.pause(ctx.scale(2000));
      await ctx.expect(
        expectState({
          id: 'still-close-wait',
          side: 'server',
          port,
          state: 'CLOSE-WAIT',
          within: 0,
          text: `${ctx.scale(2000)} ms later the server side is still CLOSE-WAIT: only close() ends it`,
        }),
      );
    });
  },
});
