import { expectCount, expectTimer } from '../../checker/expect.ts';
import { classifyByPort } from '../../checker/timeline.ts';
import { defineLab } from '../kit/lab.ts';

const REQUESTS = 3;

export default defineLab({
  id: 'time-wait-active-closer',
  title: 'TIME-WAIT belongs to whoever closes first',
  topic: 'teardown',
  seed: '004',
  summary:
    'An HTTP/1.0-style server that closes first holds one TIME-WAIT per request; with keep-alive the client closes and the server holds none.',
  needs: {},
  port: 8818,
  programs: { server: 'server-http10.ts', client: 'client.ts' },
  // The keep-alive part runs on the next port, so its sockets never mix with the first part's.
  classify: (port) => classifyByPort([port, port + 1]),
  async run(ctx) {
    const port = ctx.port;
    const keepAlivePort = port + 1;

    await ctx.step(`HTTP/1.0 server listens on :${port}`, async () => {
      await ctx.waitListening(ctx.start('server'));
    });

    await ctx.step(`client makes ${REQUESTS} requests, one connection each; the server closes first`, async () => {
      const client = ctx.start('client', { env: { REQUESTS: String(REQUESTS) } });
      await ctx.waitOutput(client, /client: done/);
      await ctx.expect(
        expectCount({
          id: 'server-holds-time-wait',
          side: 'server',
          port,
          state: 'TIME-WAIT',
          op: '==',
          n: REQUESTS,
          text: `within 1 s, the server side of :${port} holds ${REQUESTS} TIME-WAIT sockets, one per request`,
        }),
      );
      await ctx.expect(
        expectCount({
          id: 'client-holds-none',
          side: 'client',
          port,
          state: 'TIME-WAIT',
          op: '==',
          n: 0,
          within: 0,
          text: 'the client, the passive closer, holds no TIME-WAIT',
        }),
      );
    });

    await ctx.step('read the 60 s countdown from ss -o (no need to wait it out)', async () => {
      await ctx.expect(
        expectTimer({
          id: 'time-wait-timer',
          side: 'server',
          port,
          state: 'TIME-WAIT',
          timer: 'timewait',
          minMs: 50_000,
          maxMs: 60_000,
          text: 'each TIME-WAIT socket shows timer:(timewait,…) counting down from 60 s (Linux fixes it at 60 s)',
        }),
      );
      ctx.note(
        'TIME-WAIT lasts 60 s on Linux (TCP_TIMEWAIT_LEN), whatever the MSL; tcp_fin_timeout does not change it',
      );
    });

    await ctx.step(`keep-alive server on :${keepAlivePort}; ${REQUESTS} requests on one connection`, async () => {
      await ctx.waitListening(
        ctx.start('server', { program: 'server-keepalive.ts', env: { PORT: String(keepAlivePort) } }),
        keepAlivePort,
      );
      const client = ctx.start('client', {
        env: { PORT: String(keepAlivePort), REQUESTS: String(REQUESTS), KEEP_ALIVE: '1' },
      });
      await ctx.waitOutput(client, /client: done/);
      await ctx.expect(
        expectCount({
          id: 'keepalive-client-time-wait',
          side: 'client',
          port: keepAlivePort,
          state: 'TIME-WAIT',
          op: '==',
          n: 1,
          text: `within 1 s, the client side of :${keepAlivePort} holds the one TIME-WAIT (it closed first)`,
        }),
      );
      await ctx.expect(
        expectCount({
          id: 'keepalive-server-none',
          side: 'server',
          port: keepAlivePort,
          state: 'TIME-WAIT',
          op: '==',
          n: 0,
          within: 0,
          text: `the keep-alive server on :${keepAlivePort} holds no TIME-WAIT`,
        }),
      );
    });
  },
});
