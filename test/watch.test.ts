// watch --once on the host: its census agrees with a plain ss count on a port this test loads.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { tcplabs } from './helpers.ts';

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

  it('prints a census in text', async () => {
    const result = await tcplabs(['watch', '--port', String(port), '--once']);
    assert.match(result.stdout, /CLOSE-WAIT +5/);
    assert.match(result.stdout, /see it yourself: ss -Htano/);
  });
});
