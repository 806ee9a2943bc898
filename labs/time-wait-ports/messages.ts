// Every word of time-wait-ports a learner reads, in English and Chinese side by side.
// Program output and what the kernel showed (`observed`) stay as they are.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'TIME-WAIT and ephemeral ports: EADDRNOTAVAIL, and three ways out',
    summary:
      'With 50 local ports, a client that opens a connection per request and closes first fills them with TIME-WAIT and connect() fails with EADDRNOTAVAIL; keep-alive, a server that closes first, and tcp_tw_reuse (timestamps, the reuse delay, loopback only at its default 2) each get 200 requests through.',
    'step.serverAndHost': 'the server listens on 0.0.0.0:{port}; a second host joins over a veth pair',
    'act.waitListening': 'wait until the server listens',
    // probes.ts, second-host.ts
    'where.thisHost': 'this host',
    'where.secondHost': 'the second host',
    'act.connectOnce': 'connect() once from {where} to {to}, closing each at once (bash /dev/tcp)',
    'act.connectTimes': 'connect() {n} times from {where} to {to}, closing each at once (bash /dev/tcp)',
    'note.sysctl': '{where}: sysctl {name}={value}',
    'choice.connects': 'it connects',
    'act.makeHost': 'make the second host: unshare -n, a veth pair {here} ⇄ {there}, ports {range}',
    'note.hostUp': 'second host up: {there}, in the network namespace of pid {pid}',
    'note.noHost': 'no second host here: {why}',
    'when.hostExists': 'where the sandbox could make a second network namespace',
    'act.markHost': "mark the second host's counters ({name})",
    // tables.ts
    'label.secondHost': 'second host',
    'act.filled': 'remember when the {label} table began to fill',
    'act.aged': 'wait until the {label} TIME-WAITs are older than {delay} (or a second, where there is none)',
    'step.defaults': 'what a new network namespace starts with',
    'expect.reuseDefault':
      '{name} reads 2: reuse TIME-WAIT ports for loopback connections only (the default since Linux 4.18; seed 001 says 0)',
    'expect.timestampsOn': '{name} reads 1: connections carry timestamps, which reuse relies on',
    'expect.portRange': 'ip_local_port_range reads {range}: 50 local ports for connect() (the lab narrowed it)',
    'expect.recycleGone':
      '{name} does not exist: it was removed in Linux 4.12 (seed 001 turns it on to recycle TIME-WAIT)',
    'step.hasDelay': 'this kernel has {name}',
    'expect.delayDefault': '{name} reads {ms}: with reuse on, a TIME-WAIT port may be taken once it is 1 s old',
    'step.exhaust': '{n} requests, a new connection each, the client closes first ({reuse}=0, as between two hosts)',
    'predict.exhaust':
      '{n} requests, 50 local ports, and the client closes every connection first. What does connect() do at request 51?',
    'choice.waits': 'it waits until a port frees up',
    'expect.eaddrnotavail':
      'request 51 fails in connect() with EADDRNOTAVAIL: no local port is left for 127.0.0.1:8818',
    'expect.tenFailed': '50 requests answered, the other {n} failed',
    'expect.client50': 'the client holds 50 TIME-WAIT towards 127.0.0.1:8818: one per port in the range',
    'expect.serverNone': 'the server holds none: it closed second',
    'expect.activeOpens': 'TcpActiveOpens grew by exactly 50 for {n} connect() calls: the failed ones never sent a SYN',
    'step.young': '{reuse}=1, but {delay}={ms}: every TIME-WAIT is younger than that',
    'expect.young': 'connect() still fails with EADDRNOTAVAIL: no TIME-WAIT here is {s} s old yet',
    'step.secondHostFills': 'the second host ({there}) fills its own table: {n} connects to {here}',
    'expect.secondHostReuse2': "the second host's {name} reads 2 too (its own namespace's default)",
    'expect.fills': 'the first 50 or so connect, then connect() fails with EADDRNOTAVAIL',
    'expect.secondHost50': 'and the second host holds 50 TIME-WAIT towards {to}, one per port',
    'step.noTimestamps': 'a table without timestamps: {name}=0, {n} connects to 127.0.0.5',
    'expect.noTimestamps50': 'and 50 TIME-WAIT, without timestamps, hold the 50 ports towards 127.0.0.5',
    // reuse.ts
    'step.reuseLoopback': 'once the TIME-WAITs are old enough: {reuse}=0, 1, 2 on loopback',
    'predict.reuseLoopback':
      'The TIME-WAITs towards 127.0.0.1 are now older than the reuse delay. With {reuse}=2, the default, does connect() get a port?',
    'expect.reuse0': '{reuse}=0: connect() fails with EADDRNOTAVAIL, however old the TIME-WAITs',
    'expect.reuse1': '{reuse}=1: connect() succeeds…',
    'expect.reuse1Recycled': '…on a port taken from a TIME-WAIT: TcpExtTWRecycled grew by exactly 1',
    'expect.noTimestampsRefused': '{reuse}=1 towards 127.0.0.5, whose TIME-WAITs have no timestamps: EADDRNOTAVAIL',
    'expect.reuse2': '{reuse}=2, the default: connect() succeeds, because 127.0.0.1 is loopback…',
    'expect.reuse2Recycled': '…and TcpExtTWRecycled grew by exactly 1 again',
    'step.trap': 'the trap: on the second host, {reuse}=2 does not apply',
    'predict.trap':
      'The second host dials {here} over a veth pair, its TIME-WAITs old enough, {reuse}=2 as by default. Does connect() get a port?',
    'expect.secondHostReuse2Refused':
      '{reuse}=2 on the second host: connect() to {here} fails with EADDRNOTAVAIL (not loopback)',
    'act.secondHostReuse1': 'sysctl -w {reuse}=1 on the second host',
    'expect.secondHostReuse1': '{reuse}=1 on the second host: connect() succeeds',
    'expect.secondHostRecycled': "the second host's TcpExtTWRecycled grew by exactly 1",
    // fixes.ts
    'expect.twReusePaced':
      "the {n} requests took at least 3 reuse delays (3 more rounds of 50 ports; on kernels without tcp_tw_reuse_delay, 3 turns of the clock's second: over 2 s)",
    'expect.keepAliveAll': 'keep-alive: all {n} requests answered, none failed, on 1 connection from 1 local port',
    'expect.keepAliveOne':
      'keep-alive: the client holds 1 TIME-WAIT towards 127.0.0.2, the one connection it closed at the end',
    'expect.serverClosesAll': 'server closes first: all {n} requests answered, none failed',
    'expect.serverClosesNone':
      'server closes first: the client holds no TIME-WAIT towards 127.0.0.3; it closed second, so each port came back at once',
    'expect.serverClosesOnePerPort':
      "the server holds the TIME-WAITs now, one per client port, not one per connection: each port's next SYN met the server's TIME-WAIT for that very 4-tuple and was let in",
    'expect.twReuseAll': '{reuse}=1: all {n} requests answered in the end, none failed',
    'expect.twReuseRecycled':
      'TcpExtTWRecycled grew by at least {n}: every connect() after the first 50 took a port still in TIME-WAIT',
    'expect.twReuseOnePerPort':
      'the client holds one TIME-WAIT towards 127.0.0.4 per local port it used: reuse takes a TIME-WAIT over, and the new connection leaves its own',
    'step.startFixes':
      'while the tables age, fixes 1 and 2 start: {n} requests on one keep-alive connection (to 127.0.0.2), and {n} that each ask "Connection: close", so the server closes first (to 127.0.0.3)',
    'step.shortDelay': 'fix 3 needs a short reuse delay in fast mode: {delay}={ms}',
    'step.fix3':
      'fix 3, {reuse}=1: {n} requests, one connection each, the client closes first and retries EADDRNOTAVAIL every 10 ms (to 127.0.0.4)',
    'step.meanwhile': 'fixes 1 and 2: what they did meanwhile',
    'predict.meanwhile':
      'Fix 2: {n} requests, a connection each, but the server closes first. How many TIME-WAIT does the client hold towards 127.0.0.3 at the end?',
    'step.sideBySide': 'side by side',
    'act.sideBySide': 'set the three clients’ summaries next to each other',
    'note.noSummary': 'no summary',
    // exercise.ts
    'exercise.step.server': 'the server listens on :{port}; tcp_tw_reuse=0',
    'exercise.step.client': 'your client makes {n} requests with 50 local ports',
    'exercise.expect.answered': 'the server answered all {n} requests',
    'exercise.hint.answered':
      'the server did not get every request: if your client printed EADDRNOTAVAIL, it ran out of local ports — each connection it closed first left a TIME-WAIT on a port for 60 s',
    'exercise.expect.spare':
      'your client holds fewer than 50 TIME-WAIT towards the server: the port range was never used up',
    'exercise.hint.spare':
      'your client left a TIME-WAIT on every port of the range: it still opens a connection per request and closes it first; reuse one connection (keep-alive), or let the server close',
    'exercise.goal': 'make {n} requests to the server with only 50 local ports, and none may fail',
    'exercise.hint1':
      'Send every request on one connection: HTTP/1.1 keeps a connection open unless told otherwise (an http.Agent with keepAlive: true does it for you).',
    'exercise.hint2':
      'Or let the server close first (send "Connection: close"): the TIME-WAIT then lands on the server, whose port is fixed.',
    'exercise.hint3': 'Read PORT from the environment and connect to 127.0.0.1; the server speaks HTTP/1.1.',
    'exercise.hint4': 'tcplabs run time-wait-ports shows all three ways out, measured.',
    'exercise.why': 'Three ways out',
    // interview.ts
    'q.ports.question': 'connect() fails with EADDRNOTAVAIL: why, and what are the fixes?',
    'q.ports.answer':
      'A connection is named by its four-tuple, and connect() without bind() must find a local port in ip_local_port_range that no socket uses towards the same destination. A TIME-WAIT still uses its port, and the side that closes first keeps it for TCP_TIMEWAIT_LEN (include/net/tcp.h; lab time-wait-active-closer times it). In this run the range was {low}–{high}, {ports} ports; the client opened a connection per request and closed each first, so it held {held} TIME-WAIT towards {dest}, and request {failedAt} failed in connect() with EADDRNOTAVAIL. It fails before any packet leaves: TcpActiveOpens grew by {opens} for {tried} connect() calls. The fixes, measured with the same {ports} ports and {requests} requests each: keep-alive, every request on {kaConnections} connection from {kaPorts} local port ({kaMs} ms); let the server close first (Connection: close), so the client holds {scHeld} TIME-WAIT and each port comes back at once ({scMs} ms); or tcp_tw_reuse=1, where connect() takes a TIME-WAIT port once it is old enough and has timestamps: TcpExtTWRecycled grew by {recycled} and the requests took {twMs} ms. Beyond those: more destination addresses or ports (each four-tuple is its own table), or a wider ip_local_port_range; never a shorter TIME-WAIT, which Linux does not offer.',
    'q.ports.f1': 'Why does the same client still reach 127.0.0.2:8818 while 127.0.0.1:8818 is out of ports?',
    'q.ports.f2': 'Does a server that closes first run out of ports too? What does its TIME-WAIT cost instead?',
    'q.ports.f3': 'How many new connections per second to one destination does the default port range allow?',
    'q.ports.f4': 'How does EADDRNOTAVAIL differ from EMFILE?',
    'q.ports.myth.claim': 'TCP does not let a connection in TIME-WAIT be followed by a new one.',
    'q.ports.myth.truth':
      'With the server closing first, the server took new SYNs on the very four-tuples it held in TIME-WAIT; with tcp_tw_reuse, connect() took TIME-WAIT ports.',
    'q.reuse.question': 'What does tcp_tw_reuse do, and what became of tcp_tw_recycle?',
    'q.reuse.answer':
      'tcp_tw_reuse lets connect(), and only connect(), take a local port still held by a TIME-WAIT towards the same destination, when the old connection carried timestamps and the TIME-WAIT is old enough. It does not shorten TIME-WAIT; the new connection leaves its own. Timestamps are what make it safe: every segment of the new connection carries a timestamp newer than any the old connection sent, so PAWS (RFC 7323) throws away a stray segment of the old connection instead of taking it for new data; without timestamps nothing tells the two apart. In this run a fresh namespace read {reuseDefault} (the default since Linux 4.18: loopback only). With the port range full: {reuse0} at 0, however old the TIME-WAITs; at 1, connect() went through and TcpExtTWRecycled grew by {recycled1}; towards a table filled without timestamps, still {noTs}; at 2, towards 127.0.0.1, TcpExtTWRecycled grew by {recycled2}. {delay}{trap}tcp_tw_recycle was the other knob: it dropped SYNs whose timestamps went backwards per peer address, which broke clients behind NAT, whose clocks differ. Per-connection random timestamp offsets (Linux 4.10) made it drop even more, and the commit "tcp: remove tcp_tw_recycle" took it out in Linux 4.12 (not shown here; RFC 7323\'s timestamp checks are per connection, never per peer host). Here: {recycle}.',
    'q.reuse.delay':
      'How old is old enough: {delay} ms here (tcp_tw_reuse_delay, from Linux 6.14); older kernels wait for the seconds clock to tick past the last timestamp. ',
    'q.reuse.noDelay':
      'How old is old enough: this kernel has no tcp_tw_reuse_delay, so it waits for the seconds clock to tick past the second of the last timestamp: less than a second, never exactly known. ',
    'q.reuse.trap':
      'The trap is the default 2: on the second host, over a veth pair, it refused ({trap}), and only 1 reused a port. A test against localhost passes; production, between two hosts, does not. ',
    'q.reuse.f1': 'Why are timestamps what makes reuse safe?',
    'q.reuse.f2': 'Does tcp_tw_reuse help a server that holds many TIME-WAIT?',
    'q.reuse.f3': 'Why did tcp_tw_recycle break clients behind NAT?',
    'q.reuse.f4': 'Would you set tcp_tw_reuse=1 on a fleet of API clients? What would you check first?',
    'q.reuse.myth.claim':
      'tcp_tw_reuse is off by default, and turning it on together with tcp_tw_recycle recycles TIME-WAIT quickly.',
    'q.reuse.myth.truth':
      'tcp_tw_reuse read 2 in a fresh namespace, it lets connect() take an old TIME-WAIT instead of shortening it, and tcp_tw_recycle no longer exists.',
  },
  zh: {
    title: 'TIME-WAIT 与临时端口：EADDRNOTAVAIL，以及三条出路',
    summary:
      '只有 50 个本地端口时，每个请求新建一条连接、并且先关闭的客户端会让这些端口全被 TIME-WAIT 占住，connect() 报 EADDRNOTAVAIL；长连接、让服务器先关、tcp_tw_reuse（依赖时间戳和复用延迟，默认值 2 只对回环地址生效）这三种办法都能让 200 个请求顺利完成。',
    'step.serverAndHost': '服务器监听 0.0.0.0:{port}；第二台主机通过 veth 对接入',
    'act.waitListening': '等服务器开始监听',
    'where.thisHost': '本机',
    'where.secondHost': '第二台主机',
    'act.connectOnce': '从{where}向 {to} 调用一次 connect()，连上立即关闭（bash /dev/tcp）',
    'act.connectTimes': '从{where}向 {to} 调用 {n} 次 connect()，每次连上立即关闭（bash /dev/tcp）',
    'note.sysctl': '{where}：sysctl {name}={value}',
    'choice.connects': '能连上',
    'act.makeHost': '创建第二台主机：unshare -n，veth 对 {here} ⇄ {there}，端口范围 {range}',
    'note.hostUp': '第二台主机已就绪：{there}，位于 pid {pid} 的网络命名空间',
    'note.noHost': '这里建不了第二台主机：{why}',
    'when.hostExists': '沙箱能再建一个网络命名空间时',
    'act.markHost': '记下第二台主机的计数器（{name}）',
    'label.secondHost': '第二台主机',
    'act.filled': '记下“{label}”那张表开始填充的时刻',
    'act.aged': '等到“{label}”的 TIME-WAIT 比 {delay} 更老（没有这个 sysctl 时等一秒）',
    'step.defaults': '新网络命名空间的初始设置',
    'expect.reuseDefault': '{name} 为 2：只对回环连接复用 TIME-WAIT 端口（Linux 4.18 起的默认值；seed 001 说是 0）',
    'expect.timestampsOn': '{name} 为 1：连接带 TCP 时间戳，端口复用靠的就是它',
    'expect.portRange': 'ip_local_port_range 为 {range}：connect() 只有 50 个本地端口可用（实验特意收窄）',
    'expect.recycleGone': '{name} 不存在：Linux 4.12 已将其删除（seed 001 却打开它来“回收” TIME-WAIT）',
    'step.hasDelay': '这个内核有 {name}',
    'expect.delayDefault': '{name} 为 {ms}：打开复用后，TIME-WAIT 满 1 秒它的端口就能被接管',
    'step.exhaust': '{n} 个请求，每个新建一条连接，客户端先关闭（{reuse}=0，和两台主机之间一样）',
    'predict.exhaust': '{n} 个请求、50 个本地端口，客户端每次都先关闭连接。第 51 个请求时 connect() 会怎样？',
    'choice.waits': '阻塞等待，直到有端口空出来',
    'expect.eaddrnotavail':
      '第 51 个请求在 connect() 时失败，报 EADDRNOTAVAIL：去往 127.0.0.1:8818 已没有可用的本地端口',
    'expect.tenFailed': '50 个请求得到应答，其余 {n} 个失败',
    'expect.client50': '客户端持有 50 个去往 127.0.0.1:8818 的 TIME-WAIT：端口范围里每个端口一个',
    'expect.serverNone': '服务端一个也没有：它是后关闭的一方',
    'expect.activeOpens': '{n} 次 connect() 只让 TcpActiveOpens 正好增加 50：失败的那些根本没发出 SYN',
    'step.young': '{reuse}=1，但 {delay}={ms}：所有 TIME-WAIT 都还没这么老',
    'expect.young': 'connect() 仍然报 EADDRNOTAVAIL：这里还没有哪个 TIME-WAIT 满 {s} 秒',
    'step.secondHostFills': '第二台主机（{there}）填满自己的表：向 {here} 发起 {n} 次连接',
    'expect.secondHostReuse2': '第二台主机的 {name} 也是 2（它自己命名空间的默认值）',
    'expect.fills': '前 50 个左右能连上，之后 connect() 报 EADDRNOTAVAIL',
    'expect.secondHost50': '第二台主机持有 50 个去往 {to} 的 TIME-WAIT，每个端口一个',
    'step.noTimestamps': '一张没有时间戳的表：{name}=0，向 127.0.0.5 发起 {n} 次连接',
    'expect.noTimestamps50': '50 个不带时间戳的 TIME-WAIT 占住了去往 127.0.0.5 的 50 个端口',
    'step.reuseLoopback': 'TIME-WAIT 够老之后：在回环地址上依次试 {reuse}=0、1、2',
    'predict.reuseLoopback':
      '去往 127.0.0.1 的 TIME-WAIT 已经比复用延迟更老。{reuse}=2（默认值）时，connect() 能拿到端口吗？',
    'expect.reuse0': '{reuse}=0：不管 TIME-WAIT 多老，connect() 都报 EADDRNOTAVAIL',
    'expect.reuse1': '{reuse}=1：connect() 成功……',
    'expect.reuse1Recycled': '……用的是从 TIME-WAIT 手里接管的端口：TcpExtTWRecycled 正好加 1',
    'expect.noTimestampsRefused': '{reuse}=1 去连 127.0.0.5，那里的 TIME-WAIT 没有时间戳：EADDRNOTAVAIL',
    'expect.reuse2': '{reuse}=2（默认值）：connect() 成功，因为 127.0.0.1 是回环地址……',
    'expect.reuse2Recycled': '……TcpExtTWRecycled 又正好加 1',
    'step.trap': '陷阱：在第二台主机上，{reuse}=2 不起作用',
    'predict.trap':
      '第二台主机经 veth 对去连 {here}，它的 TIME-WAIT 已经够老，{reuse} 是默认的 2。connect() 能拿到端口吗？',
    'expect.secondHostReuse2Refused': '第二台主机上 {reuse}=2：connect() 去连 {here} 报 EADDRNOTAVAIL（不是回环）',
    'act.secondHostReuse1': '在第二台主机上执行 sysctl -w {reuse}=1',
    'expect.secondHostReuse1': '第二台主机上 {reuse}=1：connect() 成功',
    'expect.secondHostRecycled': '第二台主机的 TcpExtTWRecycled 正好加 1',
    'expect.twReusePaced':
      '{n} 个请求至少花了 3 个复用延迟（又多转了 3 轮 50 个端口；没有 tcp_tw_reuse_delay 的内核上是时钟跳过 3 次整秒：超过 2 秒）',
    'expect.keepAliveAll': '长连接：{n} 个请求全部得到应答，无一失败，只用 1 条连接、1 个本地端口',
    'expect.keepAliveOne': '长连接：客户端持有 1 个去往 127.0.0.2 的 TIME-WAIT，就是最后它关掉的那条连接',
    'expect.serverClosesAll': '服务器先关：{n} 个请求全部得到应答，无一失败',
    'expect.serverClosesNone':
      '服务器先关：客户端没有去往 127.0.0.3 的 TIME-WAIT；它是后关闭的一方，端口一用完就立刻回来了',
    'expect.serverClosesOnePerPort':
      '现在 TIME-WAIT 在服务端，而且是每个客户端端口一个，不是每条连接一个：同一端口的下一个 SYN 遇上服务端为这个四元组保留的 TIME-WAIT，被放行了',
    'expect.twReuseAll': '{reuse}=1：{n} 个请求最终全部得到应答，无一失败',
    'expect.twReuseRecycled':
      'TcpExtTWRecycled 至少增加 {n}：前 50 个之后的每次 connect() 都接管了一个仍处于 TIME-WAIT 的端口',
    'expect.twReuseOnePerPort':
      '客户端在用过的每个本地端口上都持有一个去往 127.0.0.4 的 TIME-WAIT：复用接管了旧 TIME-WAIT，新连接关闭后又留下自己的',
    'step.startFixes':
      '趁这几张表变老，先启动办法一和办法二：{n} 个请求走同一条长连接（去 127.0.0.2），另 {n} 个请求各自带 "Connection: close"，让服务器先关（去 127.0.0.3）',
    'step.shortDelay': '快速模式下办法三需要更短的复用延迟：{delay}={ms}',
    'step.fix3':
      '办法三，{reuse}=1：{n} 个请求，每个一条连接，客户端先关，遇到 EADDRNOTAVAIL 每 10 毫秒重试（去 127.0.0.4）',
    'step.meanwhile': '办法一和办法二：这段时间里它们做了什么',
    'predict.meanwhile':
      '办法二：{n} 个请求，每个一条连接，但由服务器先关。结束时客户端持有几个去往 127.0.0.3 的 TIME-WAIT？',
    'step.sideBySide': '三种办法并排比较',
    'act.sideBySide': '把三个客户端的汇总行并排放在一起',
    'note.noSummary': '没有汇总行',
    'exercise.step.server': '服务器监听 :{port}；tcp_tw_reuse=0',
    'exercise.step.client': '你的客户端用 50 个本地端口发 {n} 个请求',
    'exercise.expect.answered': '服务器应答了全部 {n} 个请求',
    'exercise.hint.answered':
      '服务器没收到所有请求：如果你的客户端打印了 EADDRNOTAVAIL，就是本地端口用光了——它先关闭的每条连接都在一个端口上留下了 60 秒的 TIME-WAIT',
    'exercise.expect.spare': '你的客户端去往服务器的 TIME-WAIT 少于 50 个：端口范围从没被用光',
    'exercise.hint.spare':
      '你的客户端在端口范围的每个端口上都留下了 TIME-WAIT：它仍在每个请求新建连接并且先关；改用一条连接（长连接），或者让服务器来关',
    'exercise.goal': '只用 50 个本地端口向服务器发 {n} 个请求，一个都不能失败',
    'exercise.hint1': '所有请求走同一条连接：HTTP/1.1 默认保持连接（用 keepAlive: true 的 http.Agent 就能自动做到）。',
    'exercise.hint2': '或者让服务器先关（发送 "Connection: close"）：TIME-WAIT 就落到端口固定的服务端。',
    'exercise.hint3': '从环境变量读 PORT，连接 127.0.0.1；服务器说的是 HTTP/1.1。',
    'exercise.hint4': 'tcplabs run time-wait-ports 会把三条出路都跑一遍并给出测量结果。',
    'exercise.why': '三条出路',
    'q.ports.question': 'connect() 报 EADDRNOTAVAIL：原因是什么？怎么解决？',
    'q.ports.answer':
      '一条连接由四元组标识，没有 bind() 的 connect() 必须在 ip_local_port_range 里找一个“去往同一目的地时没人占用”的本地端口。TIME-WAIT 仍然占着它的端口，而先关闭的一方要保留 TCP_TIMEWAIT_LEN 那么久（见 include/net/tcp.h；time-wait-active-closer 实验会实测这个计时器）。这次运行里端口范围是 {low}–{high}，共 {ports} 个；客户端每个请求新建一条连接并且先关，于是持有 {held} 个去往 {dest} 的 TIME-WAIT，第 {failedAt} 个请求在 connect() 时报 EADDRNOTAVAIL。失败发生在任何报文发出之前：{tried} 次 connect() 只让 TcpActiveOpens 增加了 {opens}。同样 {ports} 个端口、各 {requests} 个请求，三种解法实测如下：长连接，所有请求走 {kaConnections} 条连接、{kaPorts} 个本地端口（{kaMs} 毫秒）；让服务器先关（Connection: close），客户端只剩 {scHeld} 个 TIME-WAIT，端口用完立刻回来（{scMs} 毫秒）；或者 tcp_tw_reuse=1，connect() 接管够老且带时间戳的 TIME-WAIT 端口：TcpExtTWRecycled 增加了 {recycled}，请求共花 {twMs} 毫秒。此外还可以增加目的地址或端口（每个四元组各算各的），或放宽 ip_local_port_range；唯独缩短 TIME-WAIT 不行，Linux 不提供这个选项。',
    'q.ports.f1': '127.0.0.1:8818 的端口用光时，同一个客户端为什么还能连上 127.0.0.2:8818？',
    'q.ports.f2': '先关闭的服务器也会端口耗尽吗？它的 TIME-WAIT 代价又是什么？',
    'q.ports.f3': '默认端口范围下，去往同一目的地每秒最多能新建多少条连接？',
    'q.ports.f4': 'EADDRNOTAVAIL 和 EMFILE 有什么区别？',
    'q.ports.myth.claim': 'TCP 不允许处于 TIME-WAIT 的连接之后紧接着建立新连接。',
    'q.ports.myth.truth':
      '服务器先关时，服务端在自己保留着 TIME-WAIT 的同一四元组上接受了新 SYN；开了 tcp_tw_reuse，connect() 也接管了 TIME-WAIT 的端口。',
    'q.reuse.question': 'tcp_tw_reuse 做了什么？tcp_tw_recycle 后来怎么样了？',
    'q.reuse.answer':
      'tcp_tw_reuse 让 connect()——而且只有 connect()——在旧连接带时间戳、TIME-WAIT 也够老时，接管一个仍被去往同一目的地的 TIME-WAIT 占着的本地端口。它并不缩短 TIME-WAIT，新连接关闭后还会留下自己的。之所以敢这样做，靠的是时间戳：新连接的每个报文都带着比旧连接更新的时间戳，旧连接迷路的报文一到，PAWS（RFC 7323）就把它丢掉，不会被当成新数据收下；没有时间戳，两条连接的报文就无从区分。这次运行中，新命名空间读到 {reuseDefault}（Linux 4.18 起的默认值：只限回环）。端口范围占满以后：设为 0 时，不管 TIME-WAIT 多老都是 {reuse0}；设为 1，connect() 成功，TcpExtTWRecycled 增加 {recycled1}；换成一张没有时间戳的表，依旧 {noTs}；设为 2、去连 127.0.0.1，TcpExtTWRecycled 增加 {recycled2}。{delay}{trap}tcp_tw_recycle 是另一个开关：它按对端地址丢弃时间戳倒退的 SYN，而 NAT 后面的多台客户端时钟各不相同，于是被误杀。Linux 4.10 起时间戳偏移按连接随机生成，它误丢的 SYN 更多了；Linux 4.12 的提交“tcp: remove tcp_tw_recycle”把它彻底删掉（这里没有演示；RFC 7323 的时间戳检查本来就是按连接做的，从不按对端主机）。本次运行：{recycle}。',
    'q.reuse.delay':
      '多老算够老：这里是 {delay} 毫秒（tcp_tw_reuse_delay，Linux 6.14 起才有）；更早的内核要等秒级时钟走过最后一个时间戳所在的那一秒。',
    'q.reuse.noDelay':
      '多老算够老：这个内核没有 tcp_tw_reuse_delay，要等秒级时钟走过最后一个时间戳所在的那一秒：不到一秒，具体多久说不准。',
    'q.reuse.trap':
      '陷阱在默认值 2：第二台主机经 veth 对连接时被拒绝（{trap}），只有设成 1 才复用了端口。对着 localhost 的测试能过，到了两台主机之间的生产环境就不行。',
    'q.reuse.f1': '为什么说时间戳是复用安全的前提？',
    'q.reuse.f2': '服务端有大量 TIME-WAIT 时，tcp_tw_reuse 帮得上忙吗？',
    'q.reuse.f3': 'tcp_tw_recycle 为什么会坑害 NAT 后面的客户端？',
    'q.reuse.f4': '你会在一批 API 客户端机器上设 tcp_tw_reuse=1 吗？之前要先确认什么？',
    'q.reuse.myth.claim': 'tcp_tw_reuse 默认关闭；把它和 tcp_tw_recycle 一起打开，就能快速回收 TIME-WAIT。',
    'q.reuse.myth.truth':
      '新命名空间里 tcp_tw_reuse 读出来是 2；它让 connect() 接管够老的 TIME-WAIT，而不是缩短 TIME-WAIT；tcp_tw_recycle 已经不存在了。',
  },
});

export const t = translator(messages);
