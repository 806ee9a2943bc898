// Every word of accept-queue a learner reads, in English and Chinese side by side: the plan,
// the exercise, the predictions and the interview. Program output and what the kernel showed
// (`observed`) stay as they are printed.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'Accept queue: a stuck event loop never accepts',
    summary:
      'While the server never calls accept(), the LISTEN Recv-Q climbs to backlog + 1; then new SYNs are dropped, and with tcp_abort_on_overflow=1 a late final ACK gets a RST.',
    // lab.ts
    'step.listens': 'server listens on :{port} with backlog {backlog}, then its event loop gets stuck',
    'expect.listenerLimit':
      'the LISTEN line shows Recv-Q 0 (queue empty) and Send-Q {backlog} (its limit, min(backlog {backlog}, net.core.somaxconn))',
    'step.late': 'a late client ({late}) connects; nft holds back its final ACK',
    'nft.holdLate': "hold back the late client's ACKs",
    'expect.lateEstablished': 'within 1 s, the late client is ESTAB: it got the SYN/ACK and sent its ACK',
    'expect.lateSynRecv':
      'within 1 s, the server side is SYN-RECV: that ACK never arrived, the handshake is not complete there',
    'step.fill': '{n} clients connect; nobody accepts them',
    'predict.fill':
      'The listener asked for backlog {backlog}, and its program never calls accept(). {n} clients connect: what does the LISTEN Recv-Q stop at?',
    'expect.queueFull':
      'within 2 s, the LISTEN line shows Recv-Q {n} = backlog + 1 and Send-Q {backlog}: the accept queue is full',
    'expect.queuedEstablished':
      '{n} server-side sockets are ESTAB with no process in ss -p: complete, queued, never accepted',
    'step.retried': "the new client's SYN was retried, not reset",
    'expect.newSynDropped':
      'within 3 s, the new client is still SYN-SENT after a SYN retry: a full accept queue drops new SYNs, abort_on_overflow or not',
    'expect.newSynOverflow': 'TcpExtListenOverflows grew by at least 2: its SYN and the retry',
    'step.drain': 'the event loop comes back: the queue drains',
    'act.release': 'create the release file: the server leaves its synchronous call',
    'expect.queueDrained': 'within 2 s, the LISTEN Recv-Q is back to 0: Node accepted everything that waited',
    'expect.newClientWaited':
      "client {n}'s connect() took at least 1000 ms: it got in with a SYN retry after the queue drained",
    'expect.allAccepted':
      'within 2 s, the server has accepted {all} connections: the {waited} that waited and the one that retried',
    // gave-up.ts
    'step.gaveUp': 'client 1 gives up waiting and closes: its queued connection takes the FIN in, unaccepted',
    'predict.gaveUp':
      'Client 1 closes while its connection still waits in the accept queue, never accepted. What state is the server side of that connection in?',
    'expect.queuedCloseWait':
      'within 2 s, one server-side socket is CLOSE-WAIT with no process in ss -p: the kernel ACKed the FIN for a connection still in the accept queue',
    'expect.closeWaitQueued':
      'the LISTEN Recv-Q is still {n}: the closed connection waits in the accept queue like the others, and accept() will hand it over, already at EOF',
    'expect.currEstab':
      'TcpCurrEstab fell by 1 (only the client side left ESTAB: kernels with the 2024 change count CLOSE-WAIT as established) or by 2 (kernels before it count ESTAB only); the number says which rule this kernel has',
    // listen-drops.ts
    'expect.listenDrops':
      'TcpExtListenDrops grew exactly as much as TcpExtListenOverflows, and the SYN-queue counters (TcpExtTCPReqQFullDrop, TcpExtTCPReqQFullDoCookies) not at all: every accept-queue overflow is also a listen drop (seed 003 takes that counter for the SYN queue; its two equal numbers are this)',
    // overflow.ts
    'step.lateOverflow': 'nft lets the late ACK through; it arrives into the full queue (tcp_abort_on_overflow=0)',
    'predict.lateOverflow':
      "nft lets the late client's ACK through, into the full accept queue, with tcp_abort_on_overflow=0. What state is the server side of that connection in afterwards?",
    'note.lateAck':
      "the late client's next ACK (a retransmitted hello, or the answer to a resent SYN/ACK) reaches the server",
    'expect.lateAckOverflow':
      "as soon as the late client's next ACK arrives, TcpExtListenOverflows grows: the handshake finished but the full queue had no room for it (the client resends its hello with backoff from 0.2 s, the server its SYN/ACK at 1, 3, 7 s)",
    'expect.lateStillSynRecv':
      'the server dropped that ACK and kept the request in SYN-RECV; the client still believes it is connected',
    'step.abort': 'tcp_abort_on_overflow=1: the next late ACK is answered with a RST',
    'expect.lateReset':
      'the late client gets ECONNRESET: its connection was "established" for it, never for the server',
    'expect.lateEmbryonicReset':
      'within 1 s, TcpExtEmbryonicRsts grew: the kernel reset a connection still in SYN-RECV',
    'expect.lateRequestGone': 'within 1 s, no server-side SYN-RECV is left: the request was dropped with the RST',
    'step.newClient': 'another client connects to the full queue',
    'predict.newClient':
      'tcp_abort_on_overflow is 1 now, and the accept queue is still full. A new client calls connect(): what state is its socket in?',
    'choice.reset': 'CLOSED (ECONNRESET)',
    'expect.newClientSynSent': 'within 2 s, the new client is SYN-SENT: no SYN/ACK came back',
    'expect.newSynFirstOverflow':
      'within 1 s, TcpExtListenOverflows grew: its SYN found the accept queue full and was dropped',
    // somaxconn.ts
    'step.somaxconn': 'meanwhile, somaxconn={small}: a new listener on :{port} asks for {backlog} and gets {small}',
    'expect.somaxconnAtListen':
      'the listener on :{port} still shows Send-Q {backlog}: the cap is applied when listen() is called',
    'expect.somaxconnLimit': 'the listener on :{port} shows Send-Q {small} = min(backlog {backlog}, somaxconn {small})',
    'expect.somaxconnFull': 'within 2 s, its Recv-Q is {n} = min(backlog, somaxconn) + 1',
    // drain.ts (the exercise)
    'burst.step.listens': 'your server listens on :{port} with backlog {backlog} (BACKLOG in its environment)',
    'burst.expect.limit': "the listener's limit (Send-Q) is {backlog}: the queue holds {holds}, fewer than the burst",
    'burst.hint.limit':
      "listen with the backlog the kit gives you: server.listen({ port, host: '127.0.0.1', backlog: Number(process.env.BACKLOG) })",
    'burst.step.burst': 'a burst: {n} clients, {gap} ms apart, twice what the accept queue holds',
    'burst.expect.connected': 'within {s} s, the last of the {n} clients is connected',
    'burst.hint.connected':
      'the last clients never got in: their SYNs found the accept queue full and were dropped, again and again; your server is not calling accept() (something keeps its event loop busy)',
    'burst.expect.noOverflow': 'TcpExtListenOverflows did not grow: no connection ever found the accept queue full',
    'burst.hint.noOverflow':
      'the accept queue overflowed: connections waited there while your event loop was busy; do the slow work asynchronously (await, a timer, a worker), never in a synchronous call',
    'burst.expect.noSynResent':
      'every client of the burst sent its SYN once: none was dropped at a full queue and resent',
    'burst.hint.noSynResent':
      "clients' SYNs were dropped and resent a second later: a SYN that finds the accept queue full is dropped, so an event loop that accepts late costs each client a second",
    'burst.expect.drained': 'within 1 s, the LISTEN Recv-Q is 0: every connection was accepted',
    'burst.hint.drained':
      'connections are still waiting in the accept queue (Recv-Q > 0): nothing takes them out, because your event loop never gets to accept()',
    'exercise.goal':
      'accept a burst of {n} connections on a backlog of {backlog} without one dropped SYN: never block the event loop',
    'exercise.hint1':
      'The starter waits for its release file in a synchronous loop (Atomics.wait): keep waiting for it, but with await or a timer, so the loop runs between checks.',
    'exercise.hint2':
      'Anything synchronous and slow (readFileSync on a slow disk, a huge JSON.parse, a busy loop) stops accept() the same way; move it off the loop (async APIs, setImmediate chunks, a worker thread).',
    'exercise.hint3': 'Read PORT and BACKLOG from process.env and listen on 127.0.0.1.',
    'exercise.hint4': 'tcplabs run accept-queue shows what the stuck server does to the queue.',
    'exercise.why': 'Why a free event loop drains a burst',
    // interview.ts
    'q.full.question': 'The accept queue is full: what happens, and what does backlog mean on Linux?',
    'q.full.answer':
      'backlog is the accept queue: complete connections, already ESTAB, that wait for accept(). Its limit is min(backlog passed to listen(), net.core.somaxconn), fixed when listen() is called, and ss shows it as the LISTEN line\'s Send-Q; Recv-Q is how many wait now. The half-open requests live in another queue, the SYN queue. In this run the listener asked for backlog {backlog} and showed "{limit}"; with the event loop stuck, the queue stopped at "{full}": one more than the limit, because the kernel calls it full only when it holds more than the limit (sk_acceptq_is_full()). Once it is full, nothing is refused loudly. A final ACK that completes a handshake is dropped ({lateOverflow}) and the request stays in SYN-RECV while the client believes it is connected ({lateStill}); only with tcp_abort_on_overflow=1 is that ACK answered with a RST, and the client got "{reset}". A new SYN is dropped before any request exists, with the option on or off: client {client} sat in SYN-SENT ({synSent}) and got in {waited} ms after it began, with a SYN retry once the queue drained. Every drop was also counted as a listen drop ({drops}).{somaxconn}',
    'q.full.somaxconn':
      ' With somaxconn lowered to {small}, a new listener asking for backlog {backlog} showed "{limit}" and filled at "{full}", while the one already listening kept its limit ("{kept}").',
    'q.full.f1': 'How would you tell from ss and nstat that a production server accepts too slowly?',
    'q.full.f2': 'Why does raising backlog not fix a server whose event loop is blocked?',
    'q.full.f3': 'Do SYN cookies help when the accept queue, not the SYN queue, is full?',
    'q.full.f4': 'What does a client see with tcp_abort_on_overflow=1, and why is it off by default?',
    'q.full.myth.claim':
      'With tcp_abort_on_overflow=1, anyone who connects to a listener whose accept queue is full is reset.',
    'q.full.myth.truth':
      'A new SYN to the full queue was dropped, and its client waited in SYN-SENT and retried, with the option on; only the late final ACK of a request made while there was room got the RST.',
    'q.drops.question':
      'netstat -s shows "SYNs to LISTEN sockets dropped" growing. Does that mean the SYN queue overflowed?',
    'q.drops.answer':
      'Not necessarily. That line is TcpExtListenDrops, and the kernel counts it for every segment a listener drops, an accept-queue overflow included: tcp_conn_request() and tcp_v4_syn_recv_sock() count TcpExtListenOverflows and then the listen drop. In this run only the accept queue was full, and the counters moved together, with the SYN-queue ones still: {drops}. The SYN queue has counters of its own (TcpExtTCPReqQFullDrop, TcpExtTCPReqQFullDoCookies, TcpExtSyncookiesSent). So compare ListenDrops with ListenOverflows first: equal numbers mean every drop was an accept-queue overflow, and the fix is a program that accepts sooner, not a larger SYN backlog. Read both twice and take the difference: they count since boot, or since the namespace was made.',
    'q.drops.f1': 'Which counters tell you that the SYN queue, and not the accept queue, is full?',
    'q.drops.f2': "What do ss -lnt's Recv-Q and Send-Q mean on a LISTEN socket?",
    'q.drops.f3': 'Why are these counters useless when read only once?',
    'q.drops.myth.claim': 'TcpExtListenDrops growing means the SYN (half-open) queue overflowed.',
    'q.drops.myth.truth':
      'With only the accept queue full, TcpExtListenDrops grew exactly as much as TcpExtListenOverflows while the SYN-queue counters stayed at 0.',
  },
  zh: {
    title: '全连接队列：卡住的事件循环永远不会 accept',
    summary:
      '服务器一直不调用 accept()，LISTEN 行的 Recv-Q 就涨到 backlog + 1；此后新来的 SYN 被丢弃，而在 tcp_abort_on_overflow=1 时，迟到的第三次握手 ACK 换来一个 RST。',
    'step.listens': '服务器以 backlog {backlog} 监听 :{port}，随后它的事件循环卡住',
    'expect.listenerLimit':
      'LISTEN 行显示 Recv-Q 0（队列为空）、Send-Q {backlog}（队列上限，即 min(backlog {backlog}, net.core.somaxconn)）',
    'step.late': '一个“迟到”的客户端（{late}）发起连接；nft 扣住它三次握手的最后一个 ACK',
    'nft.holdLate': '扣住迟到客户端发出的 ACK',
    'expect.lateEstablished': '1 秒内，迟到的客户端进入 ESTAB：它收到了 SYN/ACK，也发出了 ACK',
    'expect.lateSynRecv': '1 秒内，服务端一侧是 SYN-RECV：那个 ACK 没有到达，服务端这边握手还没完成',
    'step.fill': '{n} 个客户端发起连接；没有人 accept 它们',
    'predict.fill':
      '监听套接字要的 backlog 是 {backlog}，程序从不调用 accept()。{n} 个客户端连上来：LISTEN 行的 Recv-Q 最后停在几？',
    'expect.queueFull': '2 秒内，LISTEN 行显示 Recv-Q {n} = backlog + 1、Send-Q {backlog}：全连接队列满了',
    'expect.queuedEstablished':
      '服务端有 {n} 个 ESTAB 套接字，ss -p 里没有进程持有它们：握手已完成，在队列里排着，从未被 accept',
    'step.retried': '新客户端的 SYN 被重传，而不是被重置',
    'expect.newSynDropped':
      '3 秒内，新客户端重传过一次 SYN 后仍是 SYN-SENT：不管 abort_on_overflow 开没开，满了的全连接队列都会丢掉新 SYN',
    'expect.newSynOverflow': 'TcpExtListenOverflows 至少增加 2：它的 SYN 和那次重传',
    'step.drain': '事件循环恢复：队列被清空',
    'act.release': '创建放行文件：服务器从同步调用里出来',
    'expect.queueDrained': '2 秒内，LISTEN 行的 Recv-Q 回到 0：Node 把排队的连接全都 accept 了',
    'expect.newClientWaited': '客户端 {n} 的 connect() 用了至少 1000 毫秒：队列清空之后，它靠一次 SYN 重传才连上',
    'expect.allAccepted': '2 秒内，服务器一共 accept 了 {all} 条连接：排队的 {waited} 条，加上重传进来的那一条',
    'step.gaveUp': '客户端 1 等不下去，关闭了连接：它还在队列里、没被 accept 的连接照样收下 FIN',
    'predict.gaveUp': '客户端 1 关闭连接时，这条连接还在全连接队列里排着，从没被 accept。服务端这一侧处于什么状态？',
    'expect.queuedCloseWait':
      '2 秒内，服务端有一个 CLOSE-WAIT 套接字，ss -p 里没有进程持有它：连接还在全连接队列里，内核就替它确认了 FIN',
    'expect.closeWaitQueued':
      'LISTEN 行的 Recv-Q 仍是 {n}：关闭了的连接和别的连接一样在队列里等着，accept() 交出它时它已经读到 EOF',
    'expect.currEstab':
      'TcpCurrEstab 减少 1（只有客户端一侧离开 ESTAB：带 2024 年那次修改的内核把 CLOSE-WAIT 也算作已建立）或减少 2（更早的内核只数 ESTAB）；这个数说明了本机内核用的是哪条规则',
    'expect.listenDrops':
      'TcpExtListenDrops 与 TcpExtListenOverflows 增加得一样多，半连接队列的计数器（TcpExtTCPReqQFullDrop、TcpExtTCPReqQFullDoCookies）纹丝不动：每一次全连接队列溢出同时也是一次 listen drop（seed 003 把这个计数器当成半连接队列的，它那两个相等的数字正是这个原因）',
    'step.lateOverflow': 'nft 放行迟到的 ACK；它撞上已满的队列（tcp_abort_on_overflow=0）',
    'predict.lateOverflow':
      'nft 放行了迟到客户端的 ACK，它到达时全连接队列是满的，tcp_abort_on_overflow=0。之后服务端这一侧处于什么状态？',
    'note.lateAck': '迟到客户端的下一个 ACK（重传的 hello，或对重发 SYN/ACK 的应答）到达服务端',
    'expect.lateAckOverflow':
      '迟到客户端的下一个 ACK 一到，TcpExtListenOverflows 就增加：握手完成了，可满了的队列放不下它（客户端从 0.2 秒起退避重传 hello，服务端在 1、3、7 秒重发 SYN/ACK）',
    'expect.lateStillSynRecv': '服务端丢掉了这个 ACK，请求仍停在 SYN-RECV；客户端却还以为自己已经连上了',
    'step.abort': 'tcp_abort_on_overflow=1：下一个迟到的 ACK 换来一个 RST',
    'expect.lateReset': '迟到的客户端收到 ECONNRESET：这条连接只在它自己看来“建立”过，在服务端从未建立',
    'expect.lateEmbryonicReset': '1 秒内，TcpExtEmbryonicRsts 增加：内核重置了一个仍处于 SYN-RECV 的连接',
    'expect.lateRequestGone': '1 秒内，服务端不再有 SYN-RECV：请求随着 RST 一起被丢掉了',
    'step.newClient': '又一个客户端连向已满的队列',
    'predict.newClient':
      '现在 tcp_abort_on_overflow 是 1，全连接队列依然是满的。一个新客户端调用 connect()：它的套接字处于什么状态？',
    'choice.reset': 'CLOSED（ECONNRESET）',
    'expect.newClientSynSent': '2 秒内，新客户端处于 SYN-SENT：没有 SYN/ACK 回来',
    'expect.newSynFirstOverflow': '1 秒内，TcpExtListenOverflows 增加：它的 SYN 碰上满了的全连接队列，被丢掉了',
    'step.somaxconn': '与此同时，somaxconn={small}：:{port} 上的新监听套接字要 {backlog}，只拿到 {small}',
    'expect.somaxconnAtListen': ':{port} 上的监听套接字仍显示 Send-Q {backlog}：上限是在调用 listen() 时定下的',
    'expect.somaxconnLimit': ':{port} 上的监听套接字显示 Send-Q {small} = min(backlog {backlog}, somaxconn {small})',
    'expect.somaxconnFull': '2 秒内，它的 Recv-Q 是 {n} = min(backlog, somaxconn) + 1',
    'burst.step.listens': '你的服务器以 backlog {backlog} 监听 :{port}（环境变量 BACKLOG）',
    'burst.expect.limit': '监听套接字的上限（Send-Q）是 {backlog}：队列只装得下 {holds} 个，比这一波连接少',
    'burst.hint.limit':
      "使用实验给你的 backlog 来监听：server.listen({ port, host: '127.0.0.1', backlog: Number(process.env.BACKLOG) })",
    'burst.step.burst': '一波突发：{n} 个客户端，间隔 {gap} 毫秒，是全连接队列容量的两倍',
    'burst.expect.connected': '{s} 秒内，{n} 个客户端里的最后一个也连上了',
    'burst.hint.connected':
      '最后几个客户端始终没连上：它们的 SYN 碰上满了的全连接队列，一次又一次被丢掉；你的服务器没有在调用 accept()（有东西占着它的事件循环）',
    'burst.expect.noOverflow': 'TcpExtListenOverflows 没有增加：从没有哪个连接碰上满了的全连接队列',
    'burst.hint.noOverflow':
      '全连接队列溢出了：事件循环忙着的时候，连接都在那里排队；把慢的活儿异步地做（await、定时器、worker），别放在同步调用里',
    'burst.expect.noSynResent': '这一波里每个客户端的 SYN 都只发了一次：没有一个在满队列前被丢掉再重传',
    'burst.hint.noSynResent':
      '客户端的 SYN 被丢掉，一秒后重传：碰上满全连接队列的 SYN 会被丢弃，所以 accept 得晚的事件循环会让每个客户端多等一秒',
    'burst.expect.drained': '1 秒内，LISTEN 行的 Recv-Q 为 0：每条连接都被 accept 了',
    'burst.hint.drained':
      '还有连接在全连接队列里等着（Recv-Q > 0）：没人把它们取出来，因为你的事件循环一直轮不到 accept()',
    'exercise.goal':
      '在 backlog 为 {backlog} 的监听套接字上接下 {n} 个连接的突发，一个 SYN 也不丢：永远不要阻塞事件循环',
    'exercise.hint1':
      '起始代码在一个同步循环里（Atomics.wait）等待放行文件：继续等它，但改用 await 或定时器，让事件循环在两次检查之间能跑起来。',
    'exercise.hint2':
      '任何又慢又同步的操作（慢盘上的 readFileSync、巨大的 JSON.parse、忙等循环）都会同样地挡住 accept()；把它们挪出事件循环（异步 API、用 setImmediate 分块、worker 线程）。',
    'exercise.hint3': '从 process.env 读取 PORT 和 BACKLOG，监听 127.0.0.1。',
    'exercise.hint4': '运行 tcplabs run accept-queue，看看卡住的服务器对队列做了什么。',
    'exercise.why': '为什么空闲的事件循环能接住突发',
    'q.full.question': '全连接队列满了会发生什么？Linux 上的 backlog 到底指什么？',
    'q.full.answer':
      'backlog 说的是全连接队列（accept 队列）：握手已经完成、双方都是 ESTAB、等着 accept() 取走的连接。它的上限是 min(listen() 传入的 backlog, net.core.somaxconn)，在调用 listen() 时定下，ss 把它显示为 LISTEN 行的 Send-Q；Recv-Q 则是此刻排队的个数。还没完成握手的请求在另一个队列里，即半连接队列。这次运行里，监听套接字要的 backlog 是 {backlog}，ss 显示“{limit}”；事件循环卡住后，队列停在“{full}”：比上限多一个，因为内核只在队列里的连接多于上限时才认为它满了（sk_acceptq_is_full()）。队列满了之后，没有任何响亮的拒绝。完成握手的最后一个 ACK 被默默丢掉（{lateOverflow}），请求留在 SYN-RECV，客户端却以为自己已经连上（{lateStill}）；只有 tcp_abort_on_overflow=1 时，这个 ACK 才换来 RST，客户端得到的是“{reset}”。新来的 SYN 在请求建立之前就被丢掉，不管这个选项开没开：客户端 {client} 停在 SYN-SENT（{synSent}），队列清空后靠一次 SYN 重传才连上，从开始算用了 {waited} 毫秒。每一次丢弃也同时记作 listen drop（{drops}）。{somaxconn}',
    'q.full.somaxconn':
      '把 somaxconn 调成 {small} 之后，新的监听套接字要 backlog {backlog}，显示的却是“{limit}”，排满时是“{full}”；而早已在监听的那个保持原来的上限（“{kept}”）。',
    'q.full.f1': '怎样从 ss 和 nstat 看出一台线上服务器 accept 得太慢？',
    'q.full.f2': '事件循环被阻塞的服务器，为什么调大 backlog 解决不了问题？',
    'q.full.f3': '满的是全连接队列而不是半连接队列时，SYN cookies 帮得上忙吗？',
    'q.full.f4': 'tcp_abort_on_overflow=1 时客户端会看到什么？为什么它默认是关的？',
    'q.full.myth.claim': '开了 tcp_abort_on_overflow=1，连向全连接队列已满的监听套接字的客户端都会被重置。',
    'q.full.myth.truth':
      '即使开着这个选项，发往满队列的新 SYN 也只是被丢掉，客户端停在 SYN-SENT 里重传；只有队列还有空位时建立的请求，其迟到的最后一个 ACK 才换来 RST。',
    'q.drops.question': 'netstat -s 里的“SYNs to LISTEN sockets dropped”一直在涨，这说明半连接队列溢出了吗？',
    'q.drops.answer':
      '不一定。那一行就是 TcpExtListenDrops，内核对监听套接字丢掉的每一个报文都记这个数，全连接队列溢出也算在内：tcp_conn_request() 和 tcp_v4_syn_recv_sock() 先记 TcpExtListenOverflows，再记 listen drop。这次运行里只有全连接队列是满的，两个计数器一起涨，半连接队列的计数器一动不动：{drops}。半连接队列有自己的计数器（TcpExtTCPReqQFullDrop、TcpExtTCPReqQFullDoCookies、TcpExtSyncookiesSent）。所以先拿 ListenDrops 和 ListenOverflows 比一比：两者相等，说明每次丢弃都是全连接队列溢出，该改的是让程序更早 accept，而不是调大半连接队列。两个数都要读两次、取差值：它们是从开机（或命名空间创建）起累计的。',
    'q.drops.f1': '哪些计数器能说明满的是半连接队列，而不是全连接队列？',
    'q.drops.f2': '对 LISTEN 套接字，ss -lnt 里的 Recv-Q 和 Send-Q 分别是什么意思？',
    'q.drops.f3': '为什么这些计数器只读一次没有意义？',
    'q.drops.myth.claim': 'TcpExtListenDrops 在涨，就说明半连接队列溢出了。',
    'q.drops.myth.truth':
      '只有全连接队列满的时候，TcpExtListenDrops 与 TcpExtListenOverflows 增加得一样多，半连接队列的计数器始终是 0。',
  },
});

export const t = translator(messages);
