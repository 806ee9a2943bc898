// The sandbox's first process (pid 1 of its pid namespace). Plain JavaScript so it starts
// fast. It brings `lo` up, writes the lab's sysctls, then starts and signals programs on
// the host's request, streaming their output back. Everything a lab runs is its child,
// so it inherits the namespace's capabilities (unshare --keep-caps) — which is what lets
// tcpdump, nft and sysctl work for a user who is not root — and dies with it.
//
// Protocol: one JSON object per line. Host → agent on stdin:
//   {op: "spawn", id, argv, env, cwd, input?}   {op: "kill", id, signal}
//   {op: "write", id, path, data}  {op: "read", id, path}   (files such as /proc/sys/…)
// Agent → host on stdout:
//   {type: "ready"} | {type: "fatal", message}
//   {type: "spawned", id, pid} | {type: "out", id, stream, data} | {type: "exit", id, code, signal}
//   {type: "done", id, error, data?}

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const children = new Map();

function setup() {
  const [ipPath, sysctlsJson] = process.argv.slice(2);
  const lo = spawnSync(ipPath, ['link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  if (lo.status !== 0) throw new Error(`ip link set lo up: ${lo.stderr || lo.error?.message || lo.status}`);
  for (const [path, value] of Object.entries(JSON.parse(sysctlsJson))) {
    try {
      writeFileSync(path, String(value));
    } catch (error) {
      throw new Error(
        `cannot set ${path.replace('/proc/sys/', '').replaceAll('/', '.')}=${value}: ${error.code ?? error.message}`,
      );
    }
  }
}

function start({ id, argv, env, cwd, input }) {
  let child;
  try {
    child = spawn(argv[0], argv.slice(1), {
      env: { ...process.env, ...env },
      cwd,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    send({ type: 'out', id, stream: 'stderr', data: `${error.message}\n` });
    send({ type: 'exit', id, code: 127, signal: null });
    return;
  }
  children.set(id, child);
  child.on('error', (error) => send({ type: 'out', id, stream: 'stderr', data: `${argv[0]}: ${error.message}\n` }));
  if (input !== undefined) child.stdin.end(input);
  for (const stream of ['stdout', 'stderr']) {
    child[stream].setEncoding('utf8');
    child[stream].on('data', (data) => send({ type: 'out', id, stream, data }));
  }
  // 'close' waits for both pipes to drain, so no output arrives after "exit".
  child.on('close', (code, signal) => {
    children.delete(id);
    send({ type: 'exit', id, code: code ?? (child.pid === undefined ? 127 : null), signal });
  });
  if (child.pid !== undefined) send({ type: 'spawned', id, pid: child.pid });
}

try {
  setup();
} catch (error) {
  send({ type: 'fatal', message: error.message });
  process.exit(3);
}

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const message = JSON.parse(line);
  if (message.op === 'spawn') start(message);
  else if (message.op === 'kill') {
    try {
      children.get(message.id)?.kill(message.signal);
    } catch {
      // already gone
    }
  } else if (message.op === 'read') {
    try {
      send({ type: 'done', id: message.id, error: null, data: readFileSync(message.path, 'utf8') });
    } catch (error) {
      send({ type: 'done', id: message.id, error: error.code ?? error.message });
    }
  } else if (message.op === 'write') {
    try {
      writeFileSync(message.path, String(message.data));
      send({ type: 'done', id: message.id, error: null });
    } catch (error) {
      send({ type: 'done', id: message.id, error: error.code ?? error.message });
    }
  }
});
// The host is gone: end the namespace (and with it every program in it).
commands.on('close', () => process.exit(0));
send({ type: 'ready' });
