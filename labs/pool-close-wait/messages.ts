// Every word of pool-close-wait a learner reads, in English and Chinese side by side: the
// plan, the exercise, the predictions, the interview. Program output and what the kernel
// showed (`observed`) stay as they are. (together.ts's words are close-wait-emfile's.)

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: "CLOSE-WAIT on the client: a keep-alive pool's idle connections",
    summary:
      "The server closes idle keep-alive connections; a pool whose event loop is busy keeps the closed one in CLOSE-WAIT and sends its next request on it (RST, ECONNRESET), as does one whose FIN was still on the way. A pool timeout below the server's, or a free loop that drops a socket on EOF, gets a new connection instead.",
    'act.cue': 'create the cue file {name} in the run folder: the clients wait for it',
    'choice.nothing': 'nothing',

    'open.step': 'the server listens on :{port}, closing connections idle for {idleMs} ms; four pooled clients start',
    'open.nft': "the server's FINs to {address} are lost on the way",
    'first.step': 'each client makes one request; its pool keeps the connection',
    'first.pooled':
      "the busy client's pool keeps its connection open (ESTAB, or CLOSE-WAIT once the server has closed)",

    'short.step': "the short-idle client's pool closes its connection after {ms} ms, before the server does",
    'short.predict':
      "The short-idle client's pool closes its idle connection before the server does. What state is the client's side of it in now?",
    'short.timeWait': 'it closed first, so the client side holds TIME-WAIT',

    'server.step': 'after {idleMs} ms idle the server closes the other three (FIN →)',
    'server.predict':
      "The server closes the busy client's idle connection while that client's event loop is blocked. What state is the client's pooled socket in?",
    'server.poolCloseWait':
      "the busy client's pooled connection is CLOSE-WAIT with Recv-Q 1: the FIN arrived, nobody read it",
    'server.finWait2': "the server's side of it is FIN-WAIT-2: the client's kernel ACKed the FIN",
    'server.racingEstab': 'the racing client (its FIN held back) still sees ESTAB',
    'server.racingFinWait1': 'while the server, its FIN unacknowledged, is FIN-WAIT-1',
    'server.freeDrops':
      'the free client closed within {ms} ms of the FIN: Node read the EOF and the pool dropped the socket',
    'server.keepAliveTimeWait':
      'the server, which closed first, holds TIME-WAIT for that connection: keep-alive moves TIME-WAIT, it does not remove it',

    'again.step': '{ms} ms later, each client sends its second request',
    'again.predict':
      "The busy client's loop is free again, and its request 2 leaves at once on the pooled connection the server has closed. What does the server's kernel send back?",
    'again.busyHangUp': 'the busy client sent it on the closed connection: ECONNRESET (socket hang up)',
    'again.busyRst': "the capture: the server's FIN, the busy client's request after it, the server's RST",
    'again.lingered': "the busy client's CLOSE-WAIT lasted until that request, over {ms} ms: the whole busy spell",
    'again.racingReset': 'the racing client, loop free but FIN not yet there, got ECONNRESET (read ECONNRESET)',
    'again.racingRst': "the capture: the racing client's request after the server's (lost) FIN, and the server's RST",
    'again.abortOnData':
      "TcpExtTCPAbortOnData grew by 1: the racing request reached a closed socket in FIN-WAIT-1 (the busy client's reached a FIN-WAIT-2 timewait socket, which resets without that counter)",
    'again.twoRsts': 'TcpOutRsts grew by 2: those two RSTs, no more',
    'again.shortNew': 'the short-idle client got its answer on a new connection',
    'again.freeNew': 'the free client got its answer on a new connection',

    'ex.step.listens':
      'the server listens on :{port} and closes connections idle for {idleMs} ms; the kit holds back its FINs',
    'ex.nft': "the server's FINs are lost on the way, until your second request",
    'ex.step.requests': 'your client makes {n} requests, {pauseMs} ms apart',
    'ex.act.wait': 'wait for your second request: answered by the server, or reset by its kernel',
    'ex.error.noSecond': 'your client made no second request',
    'ex.note.finsPass': "from here on the server's FINs get through",
    'ex.answered': 'the server answered all {n} requests, each at least {idleMs} ms after the one before',
    'ex.answered.hint':
      "the server did not answer every request: one went out on a connection the server had already closed (its FIN was still on the way, so your client could not know) and was reset; give your pool an idle timeout below the server's {idleMs} ms",
    'ex.noReset': 'TcpOutRsts did not move: no request met a closed connection',
    'ex.noReset.hint':
      "a request of yours reached a connection the server had closed, and its kernel answered RST (ECONNRESET for you); close idle connections before the server's {idleMs} ms: new http.Agent({ keepAlive: true, timeout: … })",
    'ex.noLinger': "no connection of your client stayed CLOSE-WAIT more than {ms} ms after the server's FIN",
    'ex.noLinger.hint':
      "your client left a connection the server had closed in CLOSE-WAIT: it neither read the EOF nor closed it (a blocked event loop, or a pool that ignores 'end')",
    'ex.goal':
      "make {n} keep-alive requests, pauses longer than the server's idle timeout between them, with no ECONNRESET and no lingering CLOSE-WAIT",
    'ex.hint.1':
      "Close idle connections before the server does: new http.Agent({ keepAlive: true, timeout: SERVER_IDLE_MS / 2 }); the pool's `timeout` applies to its idle sockets.",
    'ex.hint.2':
      "Node's pool already drops a socket when the server's FIN arrives, if its event loop is free to read it; it cannot know about a FIN still on the way.",
    'ex.hint.3':
      'Giving up keep-alive (an agent without keepAlive) also passes, at the price of a handshake per request.',
    'ex.hint.4': 'Read PORT, REQUESTS, PAUSE_MS and SERVER_IDLE_MS from the environment; connect to 127.0.0.1.',
    'ex.why': 'The fix: close idle connections before the server does',

    'iv.unmeasured': '?',
    'iv.pool.q':
      'Why does a client with an HTTP keep-alive pool get ECONNRESET, and sit in CLOSE-WAIT, after an idle spell? How do you fix it?',
    'iv.pool.a':
      "The server closes connections that stay idle too long, on its own timer and without saying when; the pool keeps its idle connection for the next request. In this run the server's FIN reached the busy client {busyFinMs} ms into the capture. Its kernel ACKed it at once (the server's side went to FIN-WAIT-2), and the pooled socket went to CLOSE-WAIT with Recv-Q {recvQ}: the FIN counted there, unread, because the client's event loop was blocked, so the pool still took the socket for a good one. CLOSE-WAIT is on the client here: it is the state of whoever did not close first. When the loop was free, request 2 went out on that socket in the same turn, {busyLateMs} ms after the FIN ({bytes} bytes), and the server's kernel, whose socket for it was closed, answered with a RST at {busyRstMs} ms. Node read the waiting EOF first and reported ECONNRESET (socket hang up); the CLOSE-WAIT had lasted {lingerMs} ms, the whole busy spell. A free loop only makes it rarer: the racing client's FIN was still on the way (held by nft here, a round trip on a real network), the server waited in FIN-WAIT-1, the client still saw ESTAB, and its request, {racingLateMs} ms after the FIN was sent, met a RST too: ECONNRESET (read ECONNRESET). The kernel sent {rsts} RSTs in all (TcpOutRsts), {abortOnData} of them counted as TcpExtTCPAbortOnData, the FIN-WAIT-1 one. The fixes: give the pool an idle timeout below the server's (http.Agent's timeout): the short-idle client closed first, holds the TIME-WAIT itself ({shortLeftS} s left), and sent request 2 on a new connection; drop a free socket when it ends (Node's pool did it for the free client, {freeMs} ms after the FIN, and got a new connection), which cannot see a FIN still on the way; keep the event loop free; retry an idempotent request once when it fails on a reused socket (req.reusedSocket); and know the server's timeout (Keep-Alive: timeout=N, when the server sends it).",
    'iv.pool.f1': 'Why does Node say "socket hang up" for one client and "read ECONNRESET" for the other?',
    'iv.pool.f2': 'Why does only one of the two RSTs count in TcpExtTCPAbortOnData?',
    'iv.pool.f3': 'Is it safe to retry a POST that failed this way? How does the client know the server never saw it?',
    'iv.pool.f4': 'With keep-alive, which side ends up holding TIME-WAIT, and when?',
    'iv.pool.myth.claim':
      "CLOSE-WAIT is the server program's fault: after the client closes, the server never ACKs its FIN.",
    'iv.pool.myth.truth':
      "Here CLOSE-WAIT sat on the client, and its kernel ACKed the server's FIN at once: the server's side moved on to FIN-WAIT-2. CLOSE-WAIT only means the side that received the FIN has not closed yet; here a pool holding a socket it meant to reuse, while its loop was busy.",
  },
  zh: {
    title: '客户端的 CLOSE-WAIT：长连接池里的空闲连接',
    summary:
      '服务端关闭空闲的长连接；事件循环正忙的连接池会把已被关闭的连接留在 CLOSE-WAIT，并在它上面发出下一个请求（RST，ECONNRESET）；服务端的 FIN 还在路上的那个连接池也一样。连接池的空闲超时比服务端短，或者事件循环空闲、读到 EOF 就丢掉套接字，下一个请求就会走新连接。',
    'act.cue': '在运行目录里创建信号文件 {name}：客户端都在等它',
    'choice.nothing': '什么也不回',

    'open.step': '服务端监听 :{port}，连接空闲 {idleMs} 毫秒就关闭；四个带连接池的客户端启动',
    'open.nft': '服务端发往 {address} 的 FIN 在路上丢失',
    'first.step': '每个客户端发一个请求；连接池留着这条连接',
    'first.pooled': '忙碌客户端的连接池保持连接打开（ESTAB；服务端关闭之后则是 CLOSE-WAIT）',

    'short.step': '短超时客户端的连接池在 {ms} 毫秒后关闭连接，赶在服务端之前',
    'short.predict': '短超时客户端的连接池赶在服务端之前关闭了空闲连接。客户端这一侧的套接字现在处于什么状态？',
    'short.timeWait': '它先关闭，所以 TIME-WAIT 留在客户端一侧',

    'server.step': '空闲 {idleMs} 毫秒后，服务端关闭另外三条连接（FIN →）',
    'server.predict':
      '忙碌客户端的事件循环被阻塞时，服务端关闭了它的空闲连接。客户端连接池里的这个套接字处于什么状态？',
    'server.poolCloseWait': '忙碌客户端池里的连接处于 CLOSE-WAIT，Recv-Q 为 1：FIN 到了，却没人去读',
    'server.finWait2': '这条连接在服务端一侧是 FIN-WAIT-2：客户端内核已经确认了 FIN',
    'server.racingEstab': '抢跑客户端（FIN 被拦下）看到的仍是 ESTAB',
    'server.racingFinWait1': '而服务端的 FIN 没有得到确认，停在 FIN-WAIT-1',
    'server.freeDrops': '空闲客户端在 FIN 到达后 {ms} 毫秒内就关闭了：Node 读到 EOF，连接池丢掉了这个套接字',
    'server.keepAliveTimeWait':
      '服务端先关闭，所以这条连接的 TIME-WAIT 留在服务端：长连接只是把 TIME-WAIT 挪了地方，并没有消除它',

    'again.step': '{ms} 毫秒后，每个客户端发出第二个请求',
    'again.predict':
      '忙碌客户端的事件循环空了下来，第二个请求立刻从池里那条已被服务端关闭的连接发出。服务端内核会回什么？',
    'again.busyHangUp': '忙碌客户端在已关闭的连接上发出了请求：ECONNRESET（socket hang up）',
    'again.busyRst': '抓包：服务端的 FIN，其后忙碌客户端的请求，然后是服务端的 RST',
    'again.lingered': '忙碌客户端的 CLOSE-WAIT 一直持续到这个请求，超过 {ms} 毫秒：整段忙碌时间',
    'again.racingReset': '抢跑客户端的事件循环空闲，但 FIN 还没到：它得到 ECONNRESET（read ECONNRESET）',
    'again.racingRst': '抓包：服务端的 FIN（丢失了）之后，抢跑客户端的请求，以及服务端的 RST',
    'again.abortOnData':
      'TcpExtTCPAbortOnData 增加 1：抢跑客户端的请求撞上了一个处于 FIN-WAIT-1 的已关闭套接字（忙碌客户端的请求撞上的是 FIN-WAIT-2 的 timewait 套接字，它回 RST 却不记这个计数器）',
    'again.twoRsts': 'TcpOutRsts 增加 2：就是这两个 RST，没有别的',
    'again.shortNew': '短超时客户端在新连接上拿到了应答',
    'again.freeNew': '空闲客户端在新连接上拿到了应答',

    'ex.step.listens': '服务端监听 :{port}，连接空闲 {idleMs} 毫秒就关闭；工具拦下它的 FIN',
    'ex.nft': '服务端的 FIN 在路上丢失，直到你的第二个请求',
    'ex.step.requests': '你的客户端发出 {n} 个请求，每两个相隔 {pauseMs} 毫秒',
    'ex.act.wait': '等你的第二个请求：要么被服务端应答，要么被它的内核重置',
    'ex.error.noSecond': '你的客户端没有发出第二个请求',
    'ex.note.finsPass': '从这里开始，服务端的 FIN 可以通过了',
    'ex.answered': '服务端应答了全部 {n} 个请求，每个都在上一个之后至少 {idleMs} 毫秒',
    'ex.answered.hint':
      '服务端没有应答每一个请求：有一个请求发到了服务端已经关闭的连接上（它的 FIN 还在路上，你的客户端无从知道），被重置了；请给你的连接池设一个比服务端的 {idleMs} 毫秒更短的空闲超时',
    'ex.noReset': 'TcpOutRsts 没有变化：没有请求撞上已关闭的连接',
    'ex.noReset.hint':
      '你的某个请求到达了一条服务端已关闭的连接，它的内核回了 RST（你看到的是 ECONNRESET）；在服务端的 {idleMs} 毫秒之前关闭空闲连接：new http.Agent({ keepAlive: true, timeout: … })',
    'ex.noLinger': '服务端的 FIN 到达之后，你的客户端没有任何连接停在 CLOSE-WAIT 超过 {ms} 毫秒',
    'ex.noLinger.hint':
      "你的客户端把一条服务端已关闭的连接留在了 CLOSE-WAIT：它既没读 EOF，也没关闭连接（事件循环被阻塞，或者连接池不理会 'end'）",
    'ex.goal': '发出 {n} 个长连接请求，每两个之间的停顿都比服务端的空闲超时长，不出现 ECONNRESET，也不留下 CLOSE-WAIT',
    'ex.hint.1':
      '赶在服务端之前关闭空闲连接：new http.Agent({ keepAlive: true, timeout: SERVER_IDLE_MS / 2 })；连接池的 `timeout` 作用于它的空闲套接字。',
    'ex.hint.2':
      'Node 的连接池在服务端 FIN 到达时本来就会丢掉套接字，前提是事件循环有空去读；还在路上的 FIN 它无从知晓。',
    'ex.hint.3': '放弃长连接（不带 keepAlive 的 agent）也能通过，代价是每个请求一次三次握手。',
    'ex.hint.4': '从环境变量读取 PORT、REQUESTS、PAUSE_MS 和 SERVER_IDLE_MS；连接 127.0.0.1。',
    'ex.why': '修复：赶在服务端之前关闭空闲连接',

    'iv.unmeasured': '?',
    'iv.pool.q': '为什么带 HTTP 长连接池的客户端空闲一段时间后会遇到 ECONNRESET，并且停在 CLOSE-WAIT？怎么修？',
    'iv.pool.a':
      '服务端按自己的定时器关闭空闲太久的连接，而且不说什么时候关；连接池却留着空闲连接等下一个请求。本次运行中，服务端的 FIN 在抓包开始后 {busyFinMs} 毫秒到达忙碌客户端。客户端内核立刻确认了它（服务端一侧进入 FIN-WAIT-2），池里的套接字进入 CLOSE-WAIT，Recv-Q 为 {recvQ}：FIN 记在那里没人读，因为客户端的事件循环被阻塞了，连接池还当它是好的。这里的 CLOSE-WAIT 在客户端：谁没有先关闭，这个状态就属于谁。事件循环一空下来，第二个请求就在同一轮里从这个套接字发了出去，距 FIN {busyLateMs} 毫秒（{bytes} 字节）；服务端内核那边对应的套接字已经关闭，于是在 {busyRstMs} 毫秒时回了一个 RST。Node 先读到等在那里的 EOF，报告 ECONNRESET（socket hang up）；这段 CLOSE-WAIT 持续了 {lingerMs} 毫秒，正是整段忙碌时间。事件循环空闲也只是让它更少发生：抢跑客户端的 FIN 还在路上（这里由 nft 拦下，真实网络里是一个往返时间），服务端停在 FIN-WAIT-1，客户端看到的仍是 ESTAB，它在 FIN 发出 {racingLateMs} 毫秒后发出的请求同样换来 RST：ECONNRESET（read ECONNRESET）。内核一共发了 {rsts} 个 RST（TcpOutRsts），其中 {abortOnData} 个记入 TcpExtTCPAbortOnData，就是 FIN-WAIT-1 那个。修法：给连接池设一个比服务端短的空闲超时（http.Agent 的 timeout）：短超时客户端先关闭，TIME-WAIT 留在它自己这边（还剩 {shortLeftS} 秒），第二个请求走了新连接；套接字结束时就把它从池里丢掉（Node 的连接池替空闲客户端做了，在 FIN 之后 {freeMs} 毫秒，随后用了新连接），但这看不见还在路上的 FIN；让事件循环保持空闲；幂等请求在复用的套接字（req.reusedSocket）上失败时重试一次；以及弄清服务端的超时（服务端发了 Keep-Alive: timeout=N 的话）。',
    'iv.pool.f1': '为什么 Node 对一个客户端报“socket hang up”，对另一个报“read ECONNRESET”？',
    'iv.pool.f2': '为什么两个 RST 里只有一个记入 TcpExtTCPAbortOnData？',
    'iv.pool.f3': '这样失败的 POST 能放心重试吗？客户端怎么知道服务端从没见过它？',
    'iv.pool.f4': '用了长连接，TIME-WAIT 最后留在哪一方？什么时候？',
    'iv.pool.myth.claim': 'CLOSE-WAIT 是服务端程序的错：客户端关闭之后，服务端一直没有确认它的 FIN。',
    'iv.pool.myth.truth':
      '这里的 CLOSE-WAIT 在客户端，而且它的内核立刻确认了服务端的 FIN：服务端一侧已经进入 FIN-WAIT-2。CLOSE-WAIT 只说明收到 FIN 的一方还没有关闭；这里是一个连接池，事件循环正忙，还留着打算复用的套接字。',
  },
});

export const t = translator(messages);
