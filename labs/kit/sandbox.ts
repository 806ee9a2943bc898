// Every lab runs in its own sandbox: a user + network + pid namespace made by `unshare`,
// with a private /proc, `lo` up and the lab's sysctls set. Nothing on the host changes,
// ports never collide, and two runs never see each other's sockets.
//
// Nothing survives us. `setpriv --pdeathsig KILL` makes the kernel kill `unshare` when this
// process dies (SIGKILL included); `unshare --kill-child` then kills the namespace's first
// process (agent.mjs), and when that dies the kernel kills every process in the namespace.
//
// Inside, we are not uid 0 but an ordinary uid that keeps the namespace's capabilities as
// ambient ones (--map-user, --keep-caps). tcpdump, run as uid 0, insists on switching to
// its own user, which a user namespace cannot do; as a non-root uid with CAP_NET_RAW it
// just captures. Capabilities pass only from parent to child, so every program is started
// by the agent rather than joined from outside with nsenter.
//
// Fallbacks: as root where user namespaces are blocked, a plain network + pid namespace
// (`netns`); otherwise `host`: programs run on the host's loopback with no sysctl changes.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import type { ResultPromise } from 'execa';
import { LabError } from './errors.ts';
import { runQuiet } from './exec.ts';
import { descendantPids, isAlive, namespacePid } from './procfs.ts';
import { findTool, installHint } from './tools.ts';
import { kitWords } from './words.ts';

export type SandboxMode = 'userns' | 'netns' | 'host';
export const SANDBOX_MODES: readonly SandboxMode[] = ['userns', 'netns', 'host'];

export interface SandboxChoice {
  mode: SandboxMode;
  /** Why a stronger mode was not used, and the command that would enable it. */
  why?: string;
  fix?: string;
}

const isRoot = () => process.getuid?.() === 0;

async function works(argv: string[]): Promise<boolean> {
  const result = await runQuiet(argv[0] as string, argv.slice(1), { timeoutMs: 5000 });
  return result.exitCode === 0;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Why `unshare -r` failed, as precisely as the host lets us tell. */
function userNamespaceBlocker(): { why: string; fix: string } {
  if (readText('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1') {
    return {
      why: 'AppArmor blocks unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1)',
      fix: 'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0',
    };
  }
  if (readText('/proc/sys/kernel/unprivileged_userns_clone') === '0') {
    return {
      why: 'unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone=0)',
      fix: 'sudo sysctl -w kernel.unprivileged_userns_clone=1',
    };
  }
  if (readText('/proc/sys/user/max_user_namespaces') === '0') {
    return {
      why: 'user namespaces are disabled (user.max_user_namespaces=0)',
      fix: 'sudo sysctl -w user.max_user_namespaces=15000',
    };
  }
  return {
    why: 'unshare cannot create a user namespace here (a container seccomp profile blocks it?)',
    fix: 'run tcplabs as root, or start the container with --security-opt seccomp=unconfined',
  };
}

let cachedChoice: Promise<SandboxChoice> | null = null;

/** The strongest sandbox this host allows; TCPLABS_SANDBOX=userns|netns|host forces one. */
export function chooseSandbox(): Promise<SandboxChoice> {
  cachedChoice ??= detect();
  return cachedChoice;
}

async function detect(): Promise<SandboxChoice> {
  if (process.platform !== 'linux') {
    throw new LabError(kitWords('sandbox.linux', { platform: process.platform }));
  }
  const unshare = findTool('unshare');
  const forced = process.env.TCPLABS_SANDBOX;
  if (forced) {
    if (!(SANDBOX_MODES as readonly string[]).includes(forced)) {
      throw new LabError(kitWords('sandbox.forcedBad', { modes: SANDBOX_MODES.join(', '), forced }));
    }
    if (forced === 'host') return { mode: 'host', why: 'forced by TCPLABS_SANDBOX=host' };
    if (!unshare) throw new LabError(kitWords('sandbox.forcedNeedsUnshare', { forced, fix: installHint('unshare') }));
    const probe = forced === 'userns' ? [unshare, '-rnp', '-f', 'true'] : [unshare, '-np', '-f', 'true'];
    if (!(await works(probe))) throw new LabError(kitWords('sandbox.forcedBlocked', { forced }));
    return { mode: forced as SandboxMode };
  }
  if (!unshare || !findTool('setpriv')) {
    return {
      mode: 'host',
      why: 'unshare or setpriv is missing',
      fix: installHint('unshare'),
    };
  }
  if (await works([unshare, '-rnp', '-f', 'true'])) return { mode: 'userns' };
  const blocker = userNamespaceBlocker();
  if (isRoot() && (await works([unshare, '-np', '-f', 'true']))) return { mode: 'netns', ...blocker };
  return { mode: 'host', ...blocker };
}

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Written to the program's stdin, which is then closed. */
  input?: string;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ChildExit {
  code: number | null;
  signal: string | null;
}

/** A program running in the sandbox. */
export interface SandboxChild {
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly exited: Promise<ChildExit>;
  /** Its pid on the host (for /proc reads), once it exists. */
  hostPid(): number | null;
  kill(signal?: NodeJS.Signals): void;
}

/** The uid programs have inside a user-namespace sandbox: any uid but 0 (see above). */
export const SANDBOX_UID = 1000;
const AGENT = new URL('./agent.mjs', import.meta.url).pathname;

/** Sysctl names under net.* as paths below /proc/sys. */
export function sysctlPath(name: string): string {
  if (!/^[a-z0-9_.]+$/.test(name)) throw new LabError(`not a sysctl name: ${name}`);
  return `/proc/sys/${name.replaceAll('.', '/')}`;
}

type AgentMessage =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'spawned'; id: number; pid: number }
  | { type: 'out'; id: number; stream: 'stdout' | 'stderr'; data: string }
  | { type: 'exit'; id: number; code: number | null; signal: string | null }
  | { type: 'done'; id: number; error: string | null; data?: string };

interface AgentChildState {
  stdout: PassThrough;
  stderr: PassThrough;
  nsPid: number | null;
  hostPid: number | null;
  finish: (exit: ChildExit) => void;
}

export class Sandbox {
  readonly mode: SandboxMode;
  /** Host pid of the namespace's first process, the agent (null in host mode). */
  readonly initPid: number | null;
  private readonly agent: ResultPromise | null;
  private readonly children = new Map<number, AgentChildState>();
  /** Host mode has no namespace to tear down: we kill what we started ourselves. */
  private readonly hostChildren = new Set<SandboxChild>();
  private readonly pending = new Map<number, (message: Extract<AgentMessage, { type: 'done' }>) => void>();
  private nextId = 1;
  private closed = false;

  private constructor(mode: SandboxMode, agent: ResultPromise | null, initPid: number | null) {
    this.mode = mode;
    this.agent = agent;
    this.initPid = initPid;
  }

  static async open(mode: SandboxMode, sysctls: Record<string, string | number> = {}): Promise<Sandbox> {
    if (mode === 'host') {
      if (Object.keys(sysctls).length > 0) {
        throw new LabError(kitWords('sandbox.hostSysctls'));
      }
      return new Sandbox('host', null, null);
    }
    const unshare = findTool('unshare') as string;
    const setpriv = findTool('setpriv') as string;
    const ip = findTool('ip');
    if (!ip) throw new LabError(kitWords('tool.missing', { tool: 'ip', fix: installHint('ip') }));
    const user = mode === 'userns' ? [`--map-user=${SANDBOX_UID}`, `--map-group=${SANDBOX_UID}`, '--keep-caps'] : [];
    // execa is imported here, not at the top: commands that never open a sandbox stay fast.
    const { execa } = await import('execa');
    const paths = Object.fromEntries(Object.entries(sysctls).map(([name, value]) => [sysctlPath(name), String(value)]));
    const agent = execa(
      setpriv,
      [
        '--pdeathsig',
        'KILL',
        '--',
        unshare,
        ...user,
        '-n',
        '-p',
        '-f',
        '--mount-proc',
        '--kill-child=SIGKILL',
        '--',
        process.execPath,
        AGENT,
        ip,
        JSON.stringify(paths),
      ],
      { stdin: 'pipe', buffer: false, reject: false },
    );
    const sandbox = new Sandbox(mode, agent, null);
    const started = await sandbox.listen(agent);
    if (started !== null) {
      const result = await agent;
      const detail = started || String(result.stderr ?? '').trim() || `exit ${result.exitCode}`;
      throw new LabError(kitWords('sandbox.failed', { mode, why: detail }));
    }
    // setpriv exec'd unshare, so agent.pid is unshare; its only child is the agent, pid 1 inside.
    const [initPid] = descendantPids(agent.pid as number);
    if (!initPid) throw new LabError('the sandbox started but its first process is gone');
    (sandbox as { initPid: number | null }).initPid = initPid;
    return sandbox;
  }

  /** Route the agent's messages; resolves null once ready, or with the reason it failed. */
  private listen(agent: ResultPromise): Promise<string | null> {
    return new Promise((resolve) => {
      const lines = createInterface({ input: agent.stdout as Readable });
      lines.on('line', (line) => {
        const message = JSON.parse(line) as AgentMessage;
        switch (message.type) {
          case 'ready':
            resolve(null);
            break;
          case 'fatal':
            resolve(message.message);
            break;
          case 'spawned': {
            const child = this.children.get(message.id);
            if (child) child.nsPid = message.pid;
            break;
          }
          case 'out':
            this.children.get(message.id)?.[message.stream].write(message.data);
            break;
          case 'exit':
            this.children.get(message.id)?.finish({ code: message.code, signal: message.signal });
            this.children.delete(message.id);
            break;
          case 'done':
            this.pending.get(message.id)?.(message);
            this.pending.delete(message.id);
            break;
        }
      });
      lines.on('close', () => {
        resolve('the sandbox ended before it was ready');
        // The namespace is gone, and every program in it.
        for (const child of this.children.values()) child.finish({ code: null, signal: 'SIGKILL' });
        this.children.clear();
        for (const reply of this.pending.values()) reply({ type: 'done', id: 0, error: 'the sandbox is gone' });
        this.pending.clear();
      });
    });
  }

  private tell(message: object): void {
    this.agent?.stdin?.write(`${JSON.stringify(message)}\n`);
  }

  /** A file under /proc/net as seen inside the sandbox. */
  procNet(file: string): string {
    return this.initPid === null ? `/proc/net/${file}` : `/proc/${this.initPid}/net/${file}`;
  }

  /** Start a program inside the sandbox. */
  spawn(argv: readonly string[], options: SpawnOptions = {}): SandboxChild {
    if (this.closed) throw new Error('sandbox is closed');
    if (!this.agent) {
      const child = spawnOnHost(argv, options);
      this.hostChildren.add(child);
      void child.exited.then(() => this.hostChildren.delete(child));
      return child;
    }
    const id = this.nextId++;
    let finish: (exit: ChildExit) => void = () => {};
    const exited = new Promise<ChildExit>((resolve) => {
      finish = resolve;
    });
    const state: AgentChildState = {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      nsPid: null,
      hostPid: null,
      finish: (exit) => {
        state.stdout.end();
        state.stderr.end();
        finish(exit);
      },
    };
    this.children.set(id, state);
    this.tell({
      op: 'spawn',
      id,
      argv,
      env: options.env ?? {},
      cwd: options.cwd ?? process.cwd(),
      input: options.input,
    });
    return {
      stdout: state.stdout,
      stderr: state.stderr,
      exited,
      hostPid: () => {
        if (state.hostPid === null && state.nsPid !== null && this.initPid !== null) {
          state.hostPid = descendantPids(this.initPid).find((pid) => namespacePid(pid) === state.nsPid) ?? null;
        }
        return state.hostPid;
      },
      kill: (signal = 'SIGTERM') => this.tell({ op: 'kill', id, signal }),
    };
  }

  /** Run a command inside the sandbox to completion. */
  async run(argv: readonly string[], options: SpawnOptions & { timeoutMs?: number } = {}): Promise<RunResult> {
    const child = this.spawn(argv, options);
    const collect = (stream: Readable) => {
      const chunks: string[] = [];
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => chunks.push(chunk));
      return new Promise<string>((resolve) => stream.on('end', () => resolve(chunks.join(''))));
    };
    const [stdout, stderr] = [collect(child.stdout), collect(child.stderr)];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10_000);
    const exit = await child.exited;
    clearTimeout(timer);
    return { exitCode: exit.code ?? -1, stdout: await stdout, stderr: await stderr };
  }

  /** Read a file as the sandbox sees it (its /proc/sys is its own namespace's). */
  async readFile(path: string): Promise<string | null> {
    if (!this.agent) return readText(path);
    const reply = await this.ask({ op: 'read', path });
    return reply.error ? null : (reply.data ?? '');
  }

  private ask(message: object): Promise<Extract<AgentMessage, { type: 'done' }>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.tell({ ...message, id });
    });
  }

  async setSysctl(name: string, value: string | number): Promise<void> {
    if (!this.agent) throw new LabError(`cannot set ${name} outside a namespace`);
    const reply = await this.ask({ op: 'write', path: sysctlPath(name), data: String(value) });
    if (reply.error) throw new LabError(kitWords('sysctl.cannotSet', { name, value, why: reply.error }));
  }

  async readSysctl(name: string): Promise<string | null> {
    const text = await this.readFile(sysctlPath(name));
    return text === null ? null : text.trim();
  }

  /** Kill everything in the sandbox and wait until its first process is gone. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.agent) {
      const left = [...this.hostChildren];
      for (const child of left) child.kill('SIGKILL');
      await Promise.all(left.map((child) => child.exited));
      return;
    }
    this.agent.kill('SIGKILL');
    await this.agent;
    // The kernel tears the pid namespace down after its first process dies; wait for that.
    const pid = this.initPid;
    for (let i = 0; pid !== null && i < 200 && isAlive(pid); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

/** Host mode: a plain child that the kernel kills if we die (setpriv --pdeathsig). */
function spawnOnHost(argv: readonly string[], options: SpawnOptions): SandboxChild {
  const child = spawn(findTool('setpriv') as string, ['--pdeathsig', 'KILL', '--', ...argv], {
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  const exited = new Promise<ChildExit>((resolve) => {
    child.on('error', () => resolve({ code: 127, signal: null }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    stdout: child.stdout as Readable,
    stderr: child.stderr as Readable,
    exited,
    hostPid: () => child.pid ?? null,
    kill: (signal = 'SIGTERM') => {
      child.kill(signal);
    },
  };
}
