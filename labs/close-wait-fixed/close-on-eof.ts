// The exercise both close-wait labs share: a server must close its side soon after the
// client's FIN. The demo of close-wait-fixed and every `tcplabs check close-wait-*` play it.

import { expectCount, expectState } from '../../checker/expect.ts';
import type { Exercise, LabContext } from '../kit/lab.ts';

/** How long a server may take to close after reading EOF. */
export const GRACE_MS = 1000;

export const closeOnEofExercise: Exercise = {
  role: 'server',
  goal: `close your side within ${GRACE_MS / 1000} s of reading the client's EOF`,
  hints: [
    "Listen for the socket's 'end' event and call socket.end() (or socket.destroy()) there.",
    'With allowHalfOpen: true Node will not end the socket for you; with the default (false) it does.',
    'Read the port from process.env.PORT and listen on 127.0.0.1 (or on all addresses).',
    `Run it yourself: tcplabs run close-wait-fixed shows the states a correct server produces.`,
  ],
};

/** Server up, client connects, waits, closes; then the server must close within the grace. */
export async function playCloseOnEof(ctx: LabContext): Promise<void> {
  const server = await ctx.step(`server listens on :${ctx.port}`, async () => {
    const server = ctx.start('server');
    await ctx.waitListening(server);
    return server;
  });

  const client = await ctx.step(`client dials :${ctx.port} and writes "Connect success"`, async () => {
    const client = ctx.start('client');
    await ctx.waitOutput(client, /wrote/);
    await ctx.expect(expectState({ id: 'server-established', side: 'server', port: ctx.port, state: 'ESTAB' }));
    return client;
  });

  await ctx.step(`client waits ${ctx.scale(3000)} ms, then closes (FIN →)`, async () => {
    await ctx.waitOutput(client, /FIN sent/, ctx.scale(3000) + 5000);
    ctx.note("client → FIN → server; the server's kernel ACKs it by itself, not the program");
    // The FIN was ACKed once the client side leaves FIN-WAIT-1.
    await ctx.expect(
      expectState({
        id: 'client-fin-acked',
        side: 'client',
        port: ctx.port,
        state: ['FIN-WAIT-2', 'TIME-WAIT'],
        text: "within 1 s, the server's kernel ACKs the client's FIN (client side FIN-WAIT-2 or TIME-WAIT)",
      }),
    );
  });

  await ctx.step(`server must close within ${GRACE_MS / 1000} s (← FIN)`, async () => {
    await ctx.expect(
      expectCount({
        id: 'server-left-close-wait',
        side: 'server',
        port: ctx.port,
        state: 'CLOSE-WAIT',
        op: '==',
        n: 0,
        within: GRACE_MS,
        text: `within ${GRACE_MS / 1000} s of the client's FIN, no server-side socket on :${ctx.port} is CLOSE-WAIT`,
      }),
    );
    await ctx.expect(
      expectState({
        id: 'client-time-wait',
        side: 'client',
        port: ctx.port,
        state: 'TIME-WAIT',
        text: `within 1 s, the client (the active closer) holds TIME-WAIT`,
      }),
    );
  });
  void server;
}
