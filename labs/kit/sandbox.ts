// Every lab runs in its own sandbox: a user + network + pid namespace made by `unshare`,
// with a private /proc, `lo` up and the lab's sysctls set. Nothing on the host changes,
// ports never collide, and two runs never see each other's sockets.
//
// Nothing survives us. `setpriv --pdeathsig KILL` makes the kernel kill `unshare` when this
// process dies (SIGKILL included); `unshare --kill-child` then kills the namespace's first
// process, and when that dies the kernel kills every other process in the pid namespace.
//
// Fallbacks: as root where user namespaces are blocked, a plain network + pid namespace
// (`netns`); otherwise `host`: programs run on the host's loopback with no sysctl changes.

import { readFileSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';
import { LabError } from './errors.ts';
import { childPids, isAlive } from './procfs.ts';
import { findTool, installHint } from './tools.ts';

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
  const result = await execa(argv[0] as string, argv.slice(1), { reject: false, stdin: 'ignore', timeout: 5000 });
  return result.exitCode === 0;
}

function readSysctl(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Why `unshare -r` failed, as precisely as the host lets us tell. */
function userNamespaceBlocker(): { why: string; fix: string } {
  if (readSysctl('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1') {
    return {
      why: 'AppArmor blocks unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1)',
      fix: 'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0',
    };
  }
  if (readSysctl('/proc/sys/kernel/unprivileged_userns_clone') === '0') {
    return {
      why: 'unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone=0)',
      fix: 'sudo sysctl -w kernel.unprivileged_userns_clone=1',
    };
  }
  if (readSysctl('/proc/sys/user/max_user_namespaces') === '0') {
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
    throw new LabError(`tcplabs needs Linux (its labs drive the Linux TCP stack); this is ${process.platform}`);
  }
  const unshare = findTool('unshare');
  const forced = process.env.TCPLABS_SANDBOX;
  if (forced) {
    if (!(SANDBOX_MODES as readonly string[]).includes(forced)) {
      throw new LabError(`TCPLABS_SANDBOX must be one of ${SANDBOX_MODES.join(', ')}, not "${forced}"`);
    }
    if (forced === 'host') return { mode: 'host', why: 'forced by TCPLABS_SANDBOX=host' };
    if (!unshare) throw new LabError(`TCPLABS_SANDBOX=${forced} needs unshare: ${installHint('unshare')}`);
    const probe = forced === 'userns' ? [unshare, '-rnp', '-f', 'true'] : [unshare, '-np', '-f', 'true'];
    if (!(await works(probe))) throw new LabError(`TCPLABS_SANDBOX=${forced}: this host does not allow it`);
    return { mode: forced as SandboxMode };
  }
  if (!unshare || !findTool('nsenter') || !findTool('setpriv')) {
    return {
      mode: 'host',
      why: 'unshare, nsenter or setpriv is missing',
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
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A program started with Sandbox.spawn: execa's handle, streaming, never throwing. */
export type SandboxChild = ReturnType<Sandbox['spawn']>;

/** Sysctl names under net.* as paths below /proc/sys. */
function sysctlPath(name: string): string {
  if (!/^[a-z0-9_.]+$/.test(name)) throw new LabError(`not a sysctl name: ${name}`);
  return `/proc/sys/${name.replaceAll('.', '/')}`;
}

export class Sandbox {
  readonly mode: SandboxMode;
  /** Host pid of the namespace's first process (null in host mode). */
  readonly initPid: number | null;
  private readonly init: ResultPromise | null;
  private closed = false;

  private constructor(mode: SandboxMode, init: ResultPromise | null, initPid: number | null) {
    this.mode = mode;
    this.init = init;
    this.initPid = initPid;
  }

  static async open(mode: SandboxMode, sysctls: Record<string, string | number> = {}): Promise<Sandbox> {
    if (mode === 'host') {
      if (Object.keys(sysctls).length > 0) {
        throw new LabError('this lab sets sysctls, which needs a namespace; the host sandbox cannot');
      }
      return new Sandbox('host', null, null);
    }
    const unshare = findTool('unshare') as string;
    const setpriv = findTool('setpriv') as string;
    const ip = findTool('ip');
    if (!ip) throw new LabError(`ip is missing: ${installHint('ip')}`);
    const nsFlags = mode === 'userns' ? ['-r', '-n', '-p'] : ['-n', '-p'];
    // The first process brings lo up, writes the sysctls into this namespace's /proc/sys,
    // says "ready", then sleeps; everything else joins it with nsenter.
    const script = [
      `${ip} link set lo up || exit 3`,
      'while [ $# -gt 0 ]; do printf "%s" "$2" > "$1" || { echo "cannot set $1" >&2; exit 4; }; shift 2; done',
      'echo ready',
      'exec sleep 2147483647',
    ].join('\n');
    const pairs = Object.entries(sysctls).flatMap(([name, value]) => [sysctlPath(name), String(value)]);
    const init = execa(
      setpriv,
      [
        '--pdeathsig',
        'KILL',
        '--',
        unshare,
        ...nsFlags,
        '-f',
        '--mount-proc',
        '--kill-child=SIGKILL',
        '--',
        'sh',
        '-c',
        script,
        'sandbox',
        ...pairs,
      ],
      { stdin: 'ignore', buffer: false, reject: false },
    );
    const ready = await new Promise<boolean>((resolve) => {
      let seen = '';
      init.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('ready')) resolve(true);
      });
      void init.then(() => resolve(false));
    });
    if (!ready) {
      const result = await init;
      throw new LabError(
        `could not start the ${mode} sandbox: ${String(result.stderr ?? '').trim() || `exit ${result.exitCode}`}`,
      );
    }
    // setpriv exec'd unshare, so init.pid is unshare; its only child is the namespace's pid 1.
    const [initPid] = childPids(init.pid as number);
    if (!initPid) throw new LabError('the sandbox started but its first process is gone');
    return new Sandbox(mode, init, initPid);
  }

  /** A file under /proc/net as seen inside the sandbox. */
  procNet(file: string): string {
    return this.initPid === null ? `/proc/net/${file}` : `/proc/${this.initPid}/net/${file}`;
  }

  /** The argv that runs a command inside the sandbox. */
  wrap(argv: readonly string[], cwd: string = process.cwd()): string[] {
    if (this.initPid === null) return [findTool('setpriv') as string, '--pdeathsig', 'KILL', '--', ...argv];
    const user = this.mode === 'userns' ? ['-U', '--preserve-credentials'] : [];
    return [
      findTool('nsenter') as string,
      '-t',
      String(this.initPid),
      ...user,
      '-n',
      '-m',
      '-p',
      `--wd=${cwd}`,
      '--',
      ...argv,
    ];
  }

  /** Start a long-running process inside the sandbox. */
  spawn(argv: readonly string[], options: SpawnOptions = {}) {
    if (this.closed) throw new Error('sandbox is closed');
    const [file, ...args] = this.wrap(argv, options.cwd);
    return execa(file as string, args, {
      env: options.env,
      cwd: options.cwd,
      stdin: 'ignore',
      buffer: false,
      reject: false,
    });
  }

  /** Run a command inside the sandbox to completion. */
  async run(
    argv: readonly string[],
    options: SpawnOptions & { timeoutMs?: number; input?: string } = {},
  ): Promise<RunResult> {
    const [file, ...args] = this.wrap(argv, options.cwd);
    const result = await execa(file as string, args, {
      env: options.env,
      cwd: options.cwd,
      ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
      reject: false,
      timeout: options.timeoutMs ?? 10_000,
    });
    return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
  }

  /** The host pid of the process an nsenter wrapper started (nsenter forks for -p). */
  innerPid(wrapperPid: number): number | null {
    if (this.initPid === null) return wrapperPid;
    return childPids(wrapperPid)[0] ?? null;
  }

  async setSysctl(name: string, value: string | number): Promise<void> {
    if (this.initPid === null) throw new LabError(`cannot set ${name} outside a namespace`);
    const result = await this.run(['sh', '-c', 'printf "%s" "$2" > "$1"', 'sysctl', sysctlPath(name), String(value)]);
    if (result.exitCode !== 0) throw new LabError(`cannot set ${name}=${value}: ${result.stderr.trim()}`);
  }

  readSysctl(name: string): string | null {
    if (this.initPid === null) return readSysctl(sysctlPath(name));
    // /proc/<pid>/root/proc is the sandbox's own /proc, whose net/ sysctls are its namespace's.
    return readSysctl(`/proc/${this.initPid}/root${sysctlPath(name)}`);
  }

  /** Kill everything in the sandbox and wait until its first process is gone. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.init) return;
    this.init.kill('SIGKILL');
    await this.init;
    // The kernel tears the pid namespace down after its first process dies; wait for that.
    const pid = this.initPid as number;
    for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
