// watch --once on the host: its census agrees with a plain ss count on a port this test loads.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { BIN, tcplabs } from './helpers.ts';

describe('tcplabs watch --once', () => {
  const sockets: net.Socket[] = [];
  let server: net.Server;
  let port = 0;
  const accepted: net.Socket[] = [];

  before(async () => {
    server = net.createServer({ allowHalfOpen: true }, (socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
    for (let i = 0; i < 25; i++) {
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.on('connect', resolve));
      sockets.push(socket);
    }
    // Half-close five: their server sides become CLOSE-WAIT, client sides FIN-WAIT-2.
    for (const socket of sockets.slice(0, 5)) socket.end();
    await new Promise<void>((resolve) => {
      const poll = async () => {
        const out = await execa('ss', ['-Htan', 'state', 'close-wait', `sport = :${port}`]);
        if (String(out.stdout).trim().split('\n').filter(Boolean).length === 5) resolve();
        else setTimeout(poll, 20);
      };
      void poll();
    });
  });

  after(() => {
    for (const socket of [...sockets, ...accepted]) socket.destroy();
    server.close();
  });

  it('agrees with ss -tan | awk on the same port', async () => {
    const result = await tcplabs(['watch', '--port', String(port), '--once', '--json']);
    assert.equal(result.exitCode, 0, result.stderr);
    const watched = JSON.parse(result.stdout);
    const plain = await execa('sh', [
      '-c',
      `ss -Htan | awk '$4 ~ /:${port}$/ || $5 ~ /:${port}$/ {n[$1]++} END {for (s in n) print s, n[s]}'`,
    ]);
    const census: Record<string, number> = {};
    for (const line of String(plain.stdout).trim().split('\n')) {
      const [state, n] = line.split(' ');
      census[state as string] = Number(n);
    }
    assert.deepEqual(watched.census, census);
    assert.equal(watched.census.LISTEN, 1);
    assert.equal(watched.census['CLOSE-WAIT'], 5);
    assert.equal(watched.census['FIN-WAIT-2'], 5);
    assert.equal(watched.census.ESTAB, 40);
    assert.equal(watched.sockets.length, 51);
    assert.deepEqual(Object.keys(watched.sockets[0]).slice(0, 5), ['state', 'local', 'peer', 'recvQ', 'sendQ']);
  });

  it('names the process holding each socket with --processes', async () => {
    const result = await tcplabs(['watch', '--port', String(port), '--once', '--json', '--processes']);
    assert.equal(result.exitCode, 0, result.stderr);
    const { sockets } = JSON.parse(result.stdout) as { sockets: Array<{ process?: string }> };
    // Every socket on the port belongs to this test process: the listener, both ends of each connection.
    assert.ok(
      sockets.length > 0 && sockets.every((socket) => socket.process?.endsWith(`/${process.pid}`)),
      JSON.stringify(sockets.slice(0, 3)),
    );
  });

  it('prints a census in text', async () => {
    const result = await tcplabs(['watch', '--port', String(port), '--once']);
    assert.match(result.stdout, /CLOSE-WAIT +5/);
    assert.match(result.stdout, /see it yourself: ss -Htano/);
  });
});

describe('tcplabs watch (live)', () => {
  it('prints each transition on the port as a JSON line, and stops on SIGINT with exit 130', async () => {
    const accepted: net.Socket[] = [];
    const server = net.createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const watch = execa(process.execPath, [BIN, 'watch', '--port', String(port), '--json'], {
      reject: false,
      buffer: false,
    });
    const lines: Array<{ role: string; from: string | null; to: string }> = [];
    const waiters = new Set<() => void>();
    let pending = '';
    watch.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      for (let cut = pending.indexOf('\n'); cut >= 0; cut = pending.indexOf('\n')) {
        lines.push(JSON.parse(pending.slice(0, cut)));
        pending = pending.slice(cut + 1);
      }
      for (const wake of waiters) wake();
    });
    const seen = (match: (t: (typeof lines)[number]) => boolean, timeoutMs: number) =>
      new Promise<boolean>((resolve) => {
        const check = () => lines.some(match) && finish(true);
        const timer = setTimeout(() => finish(false), timeoutMs);
        const finish = (value: boolean) => {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(value);
          return true;
        };
        waiters.add(check);
        check();
      });
    // Sockets present at watch's first sample are its baseline, not news: keep opening
    // connections (held open) until watch reports a new client side.
    const clients: net.Socket[] = [];
    let reported = false;
    for (let attempt = 0; attempt < 50 && !reported; attempt++) {
      const client = net.connect(port, '127.0.0.1');
      client.resume();
      clients.push(client);
      reported = await seen((t) => t.role === 'client' && t.from === null && t.to === 'ESTAB', 200);
    }
    assert.ok(reported, `no new client reported: ${JSON.stringify(lines)}`);
    // The server closes first: its side must show up in TIME-WAIT.
    for (const socket of accepted) socket.end();
    const timeWait = await seen((t) => t.role === 'server' && t.to === 'TIME-WAIT', 5000);
    watch.kill('SIGINT');
    const result = await watch;
    for (const client of clients) client.destroy();
    server.close();
    assert.ok(timeWait, JSON.stringify(lines));
    assert.equal(result.exitCode, 130);
    assert.ok(!lines.some((t) => t.role === 'listener'), 'the listener was there first: not a transition');
  });
});
