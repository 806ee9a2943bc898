// keepalive in both languages: every word a learner reads (the plan, the exercises, the
// predictions, the interview). Program output and what the kernel showed stay as printed.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'Keepalive: a dead peer is found, a hung one is not',
    summary:
      'A server that vanishes is found dead by keepalive probes ({time} s idle, {probes} probes {intvl} s apart, then ETIMEDOUT); a server whose process is frozen has its kernel answer every probe, so only an application heartbeat notices.',
    'step.listens': 'the server listens on :{port}',
    'act.connected': 'wait until the {role} prints {pattern}, and keep its port',

    'vanish.step':
      'two idle clients with keepalive connect; the server vanishes; after {probes} unanswered probes one client gives up, the other keeps probing',
    'vanish.predict':
      'The server vanishes and the first client sends {probes} probes that nobody answers. What does the client program get?',
    'vanish.libuv':
      "the second client printed the libuv its Node runs on: setKeepAlive(true, ms) is libuv's uv_tcp_keepalive(), which has set TCP_KEEPINTVL=1 and TCP_KEEPCNT=10 since libuv 1.35",
    'vanish.idle':
      "ss -o shows the client's timer:(keepalive,…,0): the first probe is due within {s} s of silence (tcp_keepalive_time)",
    'vanish.nft': 'drop every segment to or from the server',
    'vanish.note': 'the server is gone as if its cable were cut: nothing it sends arrives, nothing reaches it',
    'vanish.wait': 'second probe',
    'vanish.unanswered':
      'ss -o counts the unanswered probes in timer:(keepalive,…,N); the next one is due within {s} s (tcp_keepalive_intvl)',
    'vanish.etimedout': 'the silent client learns that its peer is gone: its socket fails with ETIMEDOUT',
    'vanish.aborted': 'TcpExtTCPAbortOnTimeout grew by exactly 1: the kernel aborted one connection on a timer',
    'vanish.nodeProbing':
      "within 2.5 s, the other client (Node's setKeepAlive(true, {ms})) is still ESTAB with more than {probes} probes unanswered: its socket's own TCP_KEEPCNT (libuv: 10) overrides tcp_keepalive_probes",

    'evidence.step':
      'the evidence: {time} s of silence, {probes} probes {intvl} s apart, RST; a server that never noticed',
    'evidence.predict':
      'The first client gave up and sent a RST; nft dropped it too. How many connections does the server still list as ESTAB?',
    'evidence.schedule':
      "tcpdump: {time} s after the last segment heard, {probes} probes {intvl} s apart, then the client's RST {intvl} s later (each gap {slack})",
    'evidence.deadAfter':
      'the kernel gave up ≈ {s} s after the last segment it heard = {time} + {probes} × {intvl} s (−0.1/+1 s)',
    'evidence.probesCounted':
      'TcpExtTCPKeepAlive (probes sent) grew by at least {min}: {probes} from the first client, more than {probes} from the second',
    'evidence.serverEstab':
      'the server still lists both connections as ESTAB: it heard nothing, not even the RST, and without keepalive of its own it would keep them forever',
    'evidence.note': 'the network is back; the second client is stopped (its next probe would have been answered)',

    'frozen.connect': 'a new idle client with keepalive and a client with an application heartbeat connect',
    'frozen.step': 'the server process freezes (SIGSTOP), as a hung program would',
    'frozen.act': 'note when the server froze, and time the heartbeat until it prints /no pong/',
    'frozen.stopped':
      'the server process is frozen: state T (stopped) in /proc, yet its sockets are still served by the kernel',

    'heartbeat.step': 'the heartbeat notices: no pong within 1.5 s',
    'heartbeat.act': 'wait until the heartbeat gives up',
    'heartbeat.detects':
      'the heartbeat gave up 1–3 s after the freeze (its ping went unanswered for 1.5 s; pings are 0.5 s apart)',
    'heartbeat.recvQ':
      "the server's side of the heartbeat connection holds the last ping in Recv-Q: its kernel took the bytes, its program never read them",

    'answered.step': 'keepalive notices nothing: the frozen server’s kernel answers every probe',
    'answered.predict':
      'The server process is frozen. The keepalive client sends {n} probes after the freeze: how many of them are answered?',
    'answered.wait': 'three answered probes',
    'answered.probes':
      "tcpdump: after the freeze, {n} probes, each answered at once by the server's kernel, {s} s apart (each answer restarts the {s} s idle clock; {slack})",
    'answered.seesNothing': 'the keepalive client is ESTAB with timer:(keepalive,…,0): no probe outstanding',
    'answered.silent':
      'its silence has outlasted the {s} s in which a vanished peer was found dead, and it is still connected',
    'answered.nothingAborted': 'TcpExtTCPAbortOnTimeout did not move: as far as TCP knows, nothing is wrong',

    'choice.noError': 'no error',

    'ex.markCapture': 'note where the capture stands before your client dials',
    'ex.waitSyn': 'a SYN from your client',

    'ex.dead.defaults':
      "the kernel's keepalive defaults (2 h idle, 75 s, 9 probes): only your socket options count; the server listens",
    'ex.dead.idle': 'your client connects and stays idle; {s} s later it is still connected',
    'ex.dead.kept': '{s} s after connecting, idle, with the server alive, your client is still ESTAB',
    'ex.dead.keptHint':
      'your client closed a healthy idle connection: silence is not death; let keepalive probe instead of closing on an idle timer',
    'ex.dead.vanish':
      "the server vanishes (nft drops everything to and from :{port}); within {s} s your client's kernel must give up",
    'ex.dead.note': 'the server is gone as if its cable were cut',
    'ex.dead.found':
      'within {s} s of the vanish, the kernel aborted your connection on a timer (TcpExtTCPAbortOnTimeout +1)',
    'ex.dead.foundHint':
      'no abort within {s} s: setKeepAlive(true) alone leaves the 2 h tcp_keepalive_time; pass an initial delay of at least 1000 ms (Node rounds down to whole seconds, and 0 means "the sysctl")',
    'ex.dead.probes': 'TcpExtTCPKeepAlive grew: keepalive probes, not a data retransmission, found the dead peer',
    'ex.dead.probesHint':
      'the kernel sent no keepalive probe: turn keepalive on for the socket (setKeepAlive(true, ms)) and leave the connection idle',
    'ex.dead.gone': 'your client has no ESTAB connection left',
    'ex.dead.goal':
      "an idle client whose kernel finds a vanished server within {s} s, with the system's keepalive sysctls at their defaults",
    'ex.dead.hint1':
      'socket.setKeepAlive(true, 1000): probe after 1 s of silence; libuv then sets 1 s between probes and 10 probes on the socket.',
    'ex.dead.hint2':
      'setKeepAlive(true) alone takes the idle time from tcp_keepalive_time: 7200 s by default. An initial delay under 1000 ms rounds down to 0, which means the same.',
    'ex.dead.hint3':
      'Node has no TCP_USER_TIMEOUT option; keepalive is the way to let the kernel find a dead peer on an idle connection.',
    'ex.dead.hint4':
      'Do not close on silence yourself: the check keeps a healthy server idle first, and the kernel must be the one that gives up.',
    'ex.dead.hint5':
      'Read the port from process.env.PORT, connect to 127.0.0.1, and print a line with "connected" once connected.',
    'ex.dead.why': "Node's keepalive options",

    'ex.hb.listens': 'the server listens on :{port} (it answers each "ping\\n" with "pong\\n")',
    'ex.hb.pings': 'your client connects and pings; the server answers',
    'ex.hb.waitPong': 'a pong from the server',
    'ex.hb.pinged': 'the server answered at least 3 pings in those {s} s (tcpdump: its "pong" segments)',
    'ex.hb.pingedHint':
      'the server answered fewer than 3 pings: keep pinging while the pongs come (every 0.5–1 s), each one exactly "ping\\n"',
    'ex.hb.kept': '{s} s later, with every ping answered, your client is still connected',
    'ex.hb.keptHint': 'your client closed a connection whose server answered: reset the deadline on every pong',
    'ex.hb.freeze': 'the server process freezes (SIGSTOP); within {s} s your client must close the connection',
    'ex.hb.frozeAt': 'note when the server froze',
    'ex.hb.closed': 'your client closed its connection (FIN or RST on the wire) within {s} s of the freeze',
    'ex.hb.closedHint':
      "your client never noticed: the frozen server's kernel still ACKs your pings (and keepalive probes); expect a pong within a deadline and destroy() the socket when it does not come",
    'ex.hb.goal':
      'a client that notices within {s} s that the server stopped answering, even though its kernel still does',
    'ex.hb.hint1':
      'After each ping, start a timer (say 1.5 s); clear it when the pong arrives, and destroy() the socket when it fires.',
    'ex.hb.hint2': "Keepalive cannot help here: the frozen server's kernel answers every probe, and ACKs every ping.",
    'ex.hb.hint3':
      'Keep pinging while the pongs come (every 0.5 s is plenty): the check lets a healthy server answer for a few seconds first.',
    'ex.hb.hint4':
      'Send exactly "ping\\n"; the lab\'s server answers each one with "pong\\n". Print a line with "connected" once connected.',
    'ex.hb.why': 'What keepalive cannot see',

    'iv.unmeasured': '?',
    'iv.ka.q':
      'What does TCP keepalive detect, and what can it not? When do you need an application heartbeat (or TCP_USER_TIMEOUT)?',
    'iv.ka.a':
      "Keepalive proves that the peer's kernel is there, nothing more. On an idle socket with SO_KEEPALIVE, after tcp_keepalive_time of silence the kernel sends a probe (a bare ACK one byte behind), every tcp_keepalive_intvl after that, and aborts after tcp_keepalive_probes unanswered ones. This run set them to {time} s, {intvl} s and {probes}. The idle client's timer read {idleMs} ms to the first probe; once nft cut the server off, ss counted {unanswered} unanswered probes; tcpdump saw the last segment heard, {deadProbes} probes and the client's RST at {schedule} (gaps {gaps}); the kernel gave up {deadMs} ms after it last heard anything, the program got ETIMEDOUT {etimedoutMs} ms after connecting, and TcpExtTCPAbortOnTimeout grew by {aborted}. The server, with no keepalive of its own, still listed {serverEstab} connections as ESTAB: it heard nothing, not even the RST. With the kernel's defaults ({defTime} s, {defIntvl} s, {defProbes}) the same finding takes {defTotal} s. Then the server's process was frozen with SIGSTOP: its kernel answered {answered} of {frozenProbes} probes at once, {frozenGaps} apart (an answer restarts the idle clock, so they come every tcp_keepalive_time, never counting up), the timer still read {frozenTimerMs} ms with 0 unanswered, and TcpExtTCPAbortOnTimeout grew by {notAborted}. The same kernel had ACKed the heartbeat's ping and left it in Recv-Q ({recvQ} bytes, never read); the heartbeat, which wants a pong, gave up {heartbeatMs} ms after the freeze. So: keepalive finds a vanished host, a cut cable, a NAT that forgot the flow; a hung, deadlocked or stopped program only an application heartbeat finds. Keepalive also says nothing while data is unacknowledged: then the retransmission timer decides, and TCP_USER_TIMEOUT caps how long sent data (and, with keepalive, probes) may go unacknowledged before the kernel aborts (RFC 5482; Node cannot set it).",
    'iv.ka.f1':
      "Why did Node's setKeepAlive(true, 2000) socket still probe after the sysctl's probe count, and what would it take to find the dead peer?",
    'iv.ka.f2':
      'A client sends a request and the server host dies before answering: which timer finds that, keepalive or retransmission?',
    'iv.ka.f3': 'How does TCP_USER_TIMEOUT interact with keepalive probes, and with data waiting in the send queue?',
    'iv.ka.f4': 'Which side should turn keepalive on: the client, the server, or both? What about a NAT in between?',
    'iv.ka.myth.claim':
      'TCP keepalive is of little value to applications: it only checks liveness at the kernel level, so applications should rely on their own heartbeat instead.',
    'iv.ka.myth.truth':
      'The seed is right that keepalive cannot see a hung program (the frozen server answered every probe above), but not that it is of little value: on a connection where the application sends nothing, it is the only thing that finds a vanished peer (the run above found it within seconds), and the server above, without it, kept its dead connections ESTAB. A heartbeat and keepalive answer different questions; a server that holds idle connections needs keepalive either way.',
  },
  zh: {
    title: '保活：死掉的对端能被发现，卡住的对端发现不了',
    summary:
      '服务端消失时，保活探测会发现它死了（空闲 {time} 秒，每隔 {intvl} 秒探测一次，共 {probes} 次，然后 ETIMEDOUT）；服务端进程被冻住时，它的内核照样应答每一个探测，只有应用层心跳才能察觉。',
    'step.listens': '服务端监听 :{port}',
    'act.connected': '等 {role} 打印出 {pattern}，记下它的端口',

    'vanish.step':
      '两个开了保活的空闲客户端连上来；服务端消失；{probes} 个探测无人应答后，一个客户端放弃，另一个还在继续探测',
    'vanish.predict': '服务端消失了，第一个客户端发出的 {probes} 个探测都没人应答。客户端程序会得到什么？',
    'vanish.libuv':
      '第二个客户端打印出它的 Node 所用的 libuv 版本：setKeepAlive(true, ms) 就是 libuv 的 uv_tcp_keepalive()，从 libuv 1.35 起它会设置 TCP_KEEPINTVL=1 和 TCP_KEEPCNT=10',
    'vanish.idle': 'ss -o 显示客户端的 timer:(keepalive,…,0)：沉默 {s} 秒之内就该发第一个探测（tcp_keepalive_time）',
    'vanish.nft': '丢掉所有发往服务端或来自服务端的报文',
    'vanish.note': '服务端像被拔了网线一样消失：它发的到不了，发给它的也到不了',
    'vanish.wait': '第二个探测',
    'vanish.unanswered':
      'ss -o 在 timer:(keepalive,…,N) 里数着没有应答的探测；下一个在 {s} 秒内发出（tcp_keepalive_intvl）',
    'vanish.etimedout': '一直沉默的客户端得知对端已经不在：它的套接字以 ETIMEDOUT 报错',
    'vanish.aborted': 'TcpExtTCPAbortOnTimeout 恰好增加 1：内核因定时器到期中止了一条连接',
    'vanish.nodeProbing':
      '2.5 秒内，另一个客户端（Node 的 setKeepAlive(true, {ms})）仍处于 ESTAB，未应答的探测已超过 {probes} 个：它的套接字自己设置了 TCP_KEEPCNT（libuv 设为 10），覆盖了 tcp_keepalive_probes',

    'evidence.step': '证据：沉默 {time} 秒，{probes} 个探测、间隔 {intvl} 秒，然后 RST；服务端始终没察觉',
    'evidence.predict': '第一个客户端放弃时发了 RST，nft 也把它丢了。服务端还把几条连接列为 ESTAB？',
    'evidence.schedule':
      'tcpdump：最后一次收到对端报文 {time} 秒后，发出 {probes} 个探测、间隔 {intvl} 秒，再过 {intvl} 秒客户端发出 RST（每个间隔 {slack}）',
    'evidence.deadAfter': '内核在最后一次收到报文约 {s} 秒后放弃 = {time} + {probes} × {intvl} 秒（允许 −0.1/+1 秒）',
    'evidence.probesCounted':
      'TcpExtTCPKeepAlive（已发探测数）至少增加 {min}：第一个客户端 {probes} 个，第二个多于 {probes} 个',
    'evidence.serverEstab':
      '服务端仍把两条连接都列为 ESTAB：它什么也没收到，连 RST 也没有；自己不开保活的话，它会永远留着它们',
    'evidence.note': '网络恢复；第二个客户端被停掉（它的下一个探测本会得到应答）',

    'frozen.connect': '一个新的开了保活的空闲客户端，和一个带应用层心跳的客户端，连上来',
    'frozen.step': '服务端进程被冻住（SIGSTOP），就像程序卡死一样',
    'frozen.act': '记下服务端冻住的时刻，并计时到心跳客户端打印 /no pong/ 为止',
    'frozen.stopped': '服务端进程已冻住：/proc 里的状态是 T（已停止），但它的套接字仍由内核照常处理',

    'heartbeat.step': '心跳察觉了：1.5 秒内没有 pong',
    'heartbeat.act': '等心跳客户端放弃',
    'heartbeat.detects': '心跳在冻住后 1–3 秒内放弃（它的 ping 1.5 秒没有回应；ping 每 0.5 秒一个）',
    'heartbeat.recvQ': '服务端这一侧的心跳连接，Recv-Q 里放着最后一个 ping：内核收下了这些字节，程序却从来没读',

    'answered.step': '保活什么也没察觉：冻住的服务端，其内核应答了每一个探测',
    'answered.predict': '服务端进程已冻住。冻住之后，保活客户端发出 {n} 个探测：其中有几个得到应答？',
    'answered.wait': '三个得到应答的探测',
    'answered.probes':
      'tcpdump：冻住之后有 {n} 个探测，每个都立刻被服务端内核应答，间隔 {s} 秒（每次应答都让 {s} 秒的空闲计时重新开始；{slack}）',
    'answered.seesNothing': '保活客户端处于 ESTAB，timer:(keepalive,…,0)：没有未应答的探测',
    'answered.silent': '它沉默的时间已经超过了发现消失对端所用的 {s} 秒，却仍然连着',
    'answered.nothingAborted': 'TcpExtTCPAbortOnTimeout 纹丝不动：在 TCP 看来，一切正常',

    'choice.noError': '不报错',

    'ex.markCapture': '在你的客户端拨号之前，记下抓包进行到哪里',
    'ex.waitSyn': '你的客户端发出的 SYN',

    'ex.dead.defaults': '内核的保活默认值（空闲 2 小时、间隔 75 秒、9 个探测）：只有你自己的套接字选项算数；服务端监听',
    'ex.dead.idle': '你的客户端连上后保持空闲；{s} 秒后它仍然连着',
    'ex.dead.kept': '连上 {s} 秒后，空闲、服务端健在，你的客户端仍处于 ESTAB',
    'ex.dead.keptHint': '你的客户端关掉了一条健康的空闲连接：沉默不等于死亡；让保活去探测，不要靠空闲定时器自己关',
    'ex.dead.vanish': '服务端消失（nft 丢掉所有进出 :{port} 的报文）；{s} 秒内你的客户端的内核必须放弃',
    'ex.dead.note': '服务端像被拔了网线一样消失',
    'ex.dead.found': '服务端消失后 {s} 秒内，内核因定时器到期中止了你的连接（TcpExtTCPAbortOnTimeout +1）',
    'ex.dead.foundHint':
      '{s} 秒内没有中止：只调用 setKeepAlive(true) 会沿用 2 小时的 tcp_keepalive_time；传一个至少 1000 毫秒的初始延迟（Node 会向下取整到整秒，而 0 的意思是“用 sysctl 的值”）',
    'ex.dead.probes': 'TcpExtTCPKeepAlive 增加：发现死掉对端的是保活探测，而不是数据重传',
    'ex.dead.probesHint': '内核没有发出任何保活探测：给套接字打开保活（setKeepAlive(true, ms)），并让连接保持空闲',
    'ex.dead.gone': '你的客户端已经没有处于 ESTAB 的连接',
    'ex.dead.goal': '一个空闲的客户端：在系统的保活 sysctl 都是默认值时，它的内核能在 {s} 秒内发现服务端已经消失',
    'ex.dead.hint1':
      'socket.setKeepAlive(true, 1000)：沉默 1 秒后开始探测；libuv 还会在这个套接字上设置探测间隔 1 秒、共 10 个探测。',
    'ex.dead.hint2':
      '只调用 setKeepAlive(true)，空闲时间取自 tcp_keepalive_time，默认 7200 秒。不到 1000 毫秒的初始延迟会向下取整成 0，效果一样。',
    'ex.dead.hint3': 'Node 没有 TCP_USER_TIMEOUT 选项；在空闲连接上，要让内核发现死掉的对端，就靠保活。',
    'ex.dead.hint4': '不要自己因为沉默就关连接：检查会先让一个健康的服务端空闲一阵，放弃的必须是内核。',
    'ex.dead.hint5': '从 process.env.PORT 读端口，连接 127.0.0.1，连上后打印一行含 "connected" 的文字。',
    'ex.dead.why': 'Node 的保活选项',

    'ex.hb.listens': '服务端监听 :{port}（每收到一个 "ping\\n" 就回一个 "pong\\n"）',
    'ex.hb.pings': '你的客户端连上并发 ping；服务端应答',
    'ex.hb.waitPong': '服务端的一个 pong',
    'ex.hb.pinged': '这 {s} 秒里服务端至少应答了 3 个 ping（tcpdump：它的 "pong" 报文）',
    'ex.hb.pingedHint':
      '服务端应答的 ping 不到 3 个：只要 pong 还在来，就一直 ping（每 0.5–1 秒一次），每次恰好发 "ping\\n"',
    'ex.hb.kept': '{s} 秒后，每个 ping 都有应答，你的客户端仍然连着',
    'ex.hb.keptHint': '你的客户端关掉了一条服务端仍在应答的连接：每收到一个 pong 就重置截止时间',
    'ex.hb.freeze': '服务端进程被冻住（SIGSTOP）；{s} 秒内你的客户端必须关闭连接',
    'ex.hb.frozeAt': '记下服务端冻住的时刻',
    'ex.hb.closed': '冻住后 {s} 秒内，你的客户端关闭了连接（线上出现 FIN 或 RST）',
    'ex.hb.closedHint':
      '你的客户端始终没察觉：冻住的服务端，其内核仍然 ACK 你的 ping（以及保活探测）；要求在截止时间内收到 pong，收不到就 destroy() 套接字',
    'ex.hb.goal': '一个客户端：即使服务端的内核还在应答，它也能在 {s} 秒内察觉服务端程序已经不再应答',
    'ex.hb.hint1': '每发一个 ping 就启动一个定时器（比如 1.5 秒）；pong 到了就清掉它，定时器触发就 destroy() 套接字。',
    'ex.hb.hint2': '这里保活帮不上忙：冻住的服务端，其内核应答每一个探测，也 ACK 每一个 ping。',
    'ex.hb.hint3': '只要 pong 还在来就一直 ping（每 0.5 秒足够了）：检查会先让健康的服务端应答几秒钟。',
    'ex.hb.hint4': '恰好发送 "ping\\n"；实验的服务端对每个都回 "pong\\n"。连上后打印一行含 "connected" 的文字。',
    'ex.hb.why': '保活看不见的东西',

    'iv.unmeasured': '?',
    'iv.ka.q': 'TCP 保活能发现什么，发现不了什么？什么时候需要应用层心跳（或 TCP_USER_TIMEOUT）？',
    'iv.ka.a':
      '保活只能证明对端的内核还在，仅此而已。套接字开了 SO_KEEPALIVE 且空闲时，沉默 tcp_keepalive_time 之后内核发一个探测（一个序号落后一字节的纯 ACK），之后每隔 tcp_keepalive_intvl 再发一个，连续 tcp_keepalive_probes 个没有应答就中止连接。本次运行把它们设为 {time} 秒、{intvl} 秒和 {probes} 个。空闲客户端的定时器读数是距第一个探测还有 {idleMs} 毫秒；nft 切断服务端之后，ss 数到 {unanswered} 个未应答的探测；tcpdump 看到最后一个收到的报文、{deadProbes} 个探测和客户端的 RST，时刻为 {schedule}（间隔 {gaps}）；内核在最后一次收到任何东西 {deadMs} 毫秒后放弃，程序在连接建立 {etimedoutMs} 毫秒后得到 ETIMEDOUT，TcpExtTCPAbortOnTimeout 增加了 {aborted}。服务端自己没开保活，仍把 {serverEstab} 条连接列为 ESTAB：它什么也没收到，连 RST 也没有。换成内核默认值（{defTime} 秒、{defIntvl} 秒、{defProbes} 个），同样的发现要 {defTotal} 秒。接着服务端进程被 SIGSTOP 冻住：它的内核立刻应答了 {frozenProbes} 个探测中的 {answered} 个，间隔 {frozenGaps}（一有应答空闲计时就重新开始，所以探测按 tcp_keepalive_time 的节奏来，计数永远不涨），定时器读数仍是 {frozenTimerMs} 毫秒、0 个未应答，TcpExtTCPAbortOnTimeout 增加了 {notAborted}。同一个内核也 ACK 了心跳的 ping，把它留在 Recv-Q 里（{recvQ} 字节，从没被读）；心跳要的是 pong，它在冻住 {heartbeatMs} 毫秒后放弃。结论：保活能发现消失的主机、被拔的网线、忘了这条流的 NAT；卡死、死锁或被停住的程序，只有应用层心跳能发现。另外，有数据未被确认时保活不起作用：那时由重传定时器说了算，而 TCP_USER_TIMEOUT 限定已发出的数据（开了保活时还包括探测）最多能多久得不到确认，超过就由内核中止连接（RFC 5482；Node 设置不了它）。',
    'iv.ka.f1':
      '为什么 Node 的 setKeepAlive(true, 2000) 套接字超过 sysctl 规定的探测次数后还在探测？它要多久才能发现死掉的对端？',
    'iv.ka.f2': '客户端发出请求后，服务端主机在应答前死掉了：发现这件事的是哪个定时器，保活还是重传？',
    'iv.ka.f3': 'TCP_USER_TIMEOUT 和保活探测、和发送队列里待确认的数据，分别是怎么相互作用的？',
    'iv.ka.f4': '该由哪一端打开保活：客户端、服务端，还是两端都开？中间隔着 NAT 时又如何？',
    'iv.ka.myth.claim': 'TCP 保活对应用层程序价值不大：它只在内核层面检查连接是否存活，所以应用应该依靠自己的心跳。',
    'iv.ka.myth.truth':
      'seed 说保活看不见卡住的程序，这没错（上面冻住的服务端应答了每个探测）；但说它价值不大就错了：在应用什么都不发的连接上，能发现对端消失的只有它（上面的运行几秒内就发现了）；而上面那个没开保活的服务端，一直把那些死连接留在 ESTAB。心跳和保活回答的是不同的问题；持有空闲连接的服务端，无论如何都需要保活。',
  },
});

export const t = translator(messages);
