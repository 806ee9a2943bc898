// Every word of time-wait-active-closer a learner reads, in English and Chinese side by side.
// Program output and what the kernel showed (`observed`) stay as they are.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'TIME-WAIT belongs to whoever closes first',
    summary:
      'An HTTP/1.0-style server that closes first holds one TIME-WAIT per request; with keep-alive the client closes first and holds it, until the server closes an idle connection itself.',
    'step.listens': 'HTTP/1.0 server listens on :{port}',
    'step.requests': 'client makes {n} requests, one connection each; the server closes first',
    'predict.requests': 'After {n} HTTP/1.0 requests, how many TIME-WAIT sockets does the server hold?',
    'expect.serverHolds': 'within 1 s, the server side of :{port} holds {n} TIME-WAIT sockets, one per request',
    'expect.clientNone': 'the client, the passive closer, holds no TIME-WAIT',
    'step.timer': 'read the 60 s countdown from ss -o (no need to wait it out)',
    'expect.timer': 'each TIME-WAIT socket shows timer:(timewait,…) counting down from 60 s (TCP_TIMEWAIT_LEN)',
    'note.timer':
      'the timer is always 60 s; what can end the socket sooner is a new SYN for the same four-tuple (next)',
    'step.length': "the capture: the timer started at the client's FIN and runs 60 s",
    'expect.length':
      "a server TIME-WAIT's timer, read to the 1/100 s, fires 60 s (TCP_TIMEWAIT_LEN) after the client's FIN reached the server: no sooner, whatever the MSL",
    // reuse.ts
    'step.samePort': 'a new connection from the same client port, while the server holds TIME-WAIT for it',
    'expect.samePortTimeWait': "the server holds TIME-WAIT for the client's address and port",
    'act.reconnect': 'let the client dial again from that same port',
    'expect.samePortReconnected':
      'the new connection from the same port was accepted and answered: the TIME-WAIT did not forbid it',
    'step.synAccepted': 'the capture: the new SYN went through the TIME-WAIT to the listener',
    'expect.synAccepted':
      'the capture shows the server answering the new SYN with a SYN/ACK at once: the TIME-WAIT let it through to the listener (a TIME-WAIT that refuses a SYN answers with an ACK of the old connection)',
    'step.isn': 'the capture: the new connection starts where the TIME-WAIT said',
    'expect.isn':
      "the capture shows the server's new SYN/ACK numbered from the old connection's next sequence number + {step}: the ISN the TIME-WAIT socket chose (tcp_timewait_state_process)",
    'when.keepsIsn': 'on kernels from 6.10, where the listener keeps the ISN the TIME-WAIT chose, and with a capture',
    // census.ts
    'when.nftWorks': "where nft works in the lab's own namespace",
    'expect.seedCount':
      "seed 001's count of TIME-WAIT sockets, `{command}`, prints how many are SYN-RECV, not TIME-WAIT",
    'step.halfOpen': 'load :{port} with {n} half-open connections too',
    'nft.halfOpen': 'the SYN/ACKs to 127.0.0.2 are lost on the way',
    'expect.halfOpen': 'within 1 s, {n} server-side sockets on :{port} are SYN-RECV (their handshakes never finish)',
    'act.halfOpen': 'remember the half-open connections',
    'step.census': "count TIME-WAIT the seed's way, and the right way",
    'expect.censusTimeWait': 'ss -tan state time-wait counts the {n} TIME-WAIT sockets the server holds on :{port}',
    'expect.censusSynRecv': 'ss -tan state syn-recv counts the half-open ones ({n} where nft made them, else 0)',
    // idle.ts
    'expect.idleFinFirst':
      "the capture shows the server's FIN first on :{port}, at least {ms} ms (keepAliveTimeout) after its last answer: the server closed the idle connection",
    'step.idleServer': 'a keep-alive server on :{port} that closes connections idle for {ms} ms (keepAliveTimeout)',
    'expect.nodeDefault':
      "Node's http server closes a keep-alive connection idle for 5 s by default (server.keepAliveTimeout)",
    'step.idleClient': 'the client makes 2 requests on one connection, then sits idle',
    'expect.idleServerTimeWait':
      'within 1 s, the keep-alive server on :{port} holds the TIME-WAIT: it closed the idle connection first',
    'expect.idleClientNone': "the client of :{port} holds no TIME-WAIT: it only answered the server's FIN",
    'step.idleFin': 'the capture: who sent the first FIN',
    // keep-alive.ts
    'step.keepAliveServer': 'keep-alive server on :{port}',
    'step.keepAlive': '{n} requests on one connection, then the client closes',
    'predict.keepAlive':
      '{n} requests on one keep-alive connection, then the client closes. How many TIME-WAIT sockets does the server hold?',
    'expect.allAnswered': 'all {n} requests were answered on the one connection',
    'hint.allAnswered':
      'your server answered fewer than {n} requests on one connection: it closed after an answer. Keep the socket open and send a Content-Length so the client knows where each answer ends',
    'expect.keepAliveClient': 'within 1 s, the client side of :{port} holds the one TIME-WAIT (it closed first)',
    'hint.keepAliveClient':
      'the client holds no TIME-WAIT, so it was not the first to close: your server sent the first FIN',
    'expect.keepAliveServerNone': 'the keep-alive server on :{port} holds no TIME-WAIT',
    'hint.keepAliveServerNone':
      'your server holds TIME-WAIT: it closed the connection first. Do not end() after an answer; let the client close',
    'exercise.goal':
      'answer {n} requests on one connection and let the client close, so your server holds no TIME-WAIT',
    'exercise.hint1':
      "node:http does it for you: http.createServer((req, res) => res.end('hello')) keeps HTTP/1.1 connections open.",
    'exercise.hint2':
      'With node:net: answer "HTTP/1.1 200 OK" with a Content-Length header, and never call end() after an answer.',
    'exercise.hint3': 'Read the port from process.env.PORT and listen on 127.0.0.1.',
    'exercise.hint4': 'Run it yourself: tcplabs run time-wait-active-closer shows which side holds TIME-WAIT, and why.',
    'exercise.why': 'Why a keep-alive server holds no TIME-WAIT',
    // interview.ts
    'q.who.question': 'Who holds TIME-WAIT, why does it last 2MSL, and why does Linux fix it at 60 s?',
    'q.who.answer':
      'The side that sends the first FIN, the active closer, holds TIME-WAIT, whichever end is called server. In this run the HTTP/1.0 server closed first after each answer and held {server} TIME-WAIT sockets on :{port}, its client {client}; with keep-alive the client closed first and held the TIME-WAIT itself ({keepAlive} on the client). TIME-WAIT does two jobs: if the last ACK is lost, the peer resends its FIN and must get that ACK again rather than a RST; and old duplicate segments of this connection must die out before the same four-tuple carries a new one. 2MSL covers both: one MSL for a last segment to travel, one for an answer to come back. Linux does not compute it from an MSL at all: the length is a constant, TCP_TIMEWAIT_LEN (include/net/tcp.h), and no sysctl changes it. In this run ss -o showed the timewait timer of {socket} with {seconds} s left, moments after the close.{length}',
    'q.who.length':
      " Timed against the capture, the timer of {socket} fires {runs} s after the client's FIN reached the server: that is all the 2MSL Linux keeps.",
    'q.who.f1': 'What goes wrong if the last ACK is lost and there is no TIME-WAIT?',
    'q.who.f2': 'Does tcp_fin_timeout shorten TIME-WAIT?',
    'q.who.f3': 'Your server holds 30,000 TIME-WAIT sockets. Is that a problem, and what would you change?',
    'q.who.f4': 'Can a new SYN for the same four-tuple end a TIME-WAIT early?',
    'q.who.myth.claim': "Linux's TIME-WAIT, 2MSL, lasts 30 s.",
    'q.who.myth.truth':
      'Right after the close ss -o shows nearly twice that left on the timewait timer, and timed against the capture it runs TCP_TIMEWAIT_LEN, 60 s, a constant in include/net/tcp.h, whatever the MSL; no sysctl sets it.',
    'q.syn.question': 'Does TIME-WAIT forbid a new connection on the same four-tuple?',
    'q.syn.answer':
      'No. The server held TIME-WAIT for client port {port} ({held}); the client dialed again from that very port and the connection was accepted and answered. A TIME-WAIT lets a new SYN in when it is newer than anything the old connection saw: a later TCP timestamp, or without timestamps a higher sequence number (net/ipv4/tcp_minisocks.c tcp_timewait_state_process()). {wire}What TIME-WAIT does forbid is taking its port by connect() without tcp_tw_reuse: that is the client-side story of lab time-wait-ports.',
    'q.syn.wire':
      'The capture shows the SYN let through: the server answered it with Flags [{flags}] {ms} ms later, a SYN/ACK, not an ACK of the old connection. ',
    'q.syn.f1': 'Which side can accept a SYN on a TIME-WAIT four-tuple: the one that listens, or the one that dials?',
    'q.syn.f2': 'What protects the new connection from old segments when the SYN is let in?',
    'q.syn.f3': 'Why do timestamps matter for tcp_tw_reuse?',
    'q.syn.myth.claim': 'A connection in TIME-WAIT does not allow a new connection to start on it.',
    'q.syn.myth.truth':
      'The server held TIME-WAIT for the client port, and a new SYN from that very port was accepted and answered.',
    'q.keepAlive.question': 'Does HTTP keep-alive keep TIME-WAIT off the server?',
    'q.keepAlive.answer':
      "Only while the client closes first. With {n} requests on one connection closed by the client, the server held {server} TIME-WAIT and the client {client}. But servers close connections that sit idle: Node's http server after keepAliveTimeout ({nodeDefault} ms by default), nginx after keepalive_timeout. Then the server sends the first FIN (here {finMs} ms after its last answer) and holds the TIME-WAIT itself ({idle} on the server), while the client holds {idleClient}. A busy keep-alive server with many idle clients collects TIME-WAIT like an HTTP/1.0 one.",
    'q.keepAlive.f1': 'How would you tell from ss which side closed a connection first?',
    'q.keepAlive.f2': 'Should the idle timeout live on the client pool or on the server?',
    'q.keepAlive.f3': 'What does a TIME-WAIT on the server cost, compared with one on the client?',
    'q.keepAlive.myth.claim': 'With HTTP/1.1 keep-alive the server no longer accumulates TIME-WAIT.',
    'q.keepAlive.myth.truth':
      'Once the server closed an idle keep-alive connection itself, it sent the first FIN and the TIME-WAIT was on the server, none on the client.',
  },
  zh: {
    title: 'TIME-WAIT 归先关闭的一方',
    summary:
      'HTTP/1.0 式的服务器先关闭连接，每个请求都在服务端留下一个 TIME-WAIT；换成长连接（keep-alive）后是客户端先关、TIME-WAIT 留在客户端，直到服务器自己关掉空闲连接，TIME-WAIT 又回到服务端。',
    'step.listens': 'HTTP/1.0 服务器监听 :{port}',
    'step.requests': '客户端发 {n} 个请求，每个请求一条短连接；服务器先关闭',
    'predict.requests': '{n} 个 HTTP/1.0 请求之后，服务端有几个 TIME-WAIT 套接字？',
    'expect.serverHolds': '1 秒内，:{port} 的服务端一侧有 {n} 个 TIME-WAIT，每个请求一个',
    'expect.clientNone': '客户端是被动关闭方，没有 TIME-WAIT',
    'step.timer': '用 ss -o 读出 60 秒倒计时（不必等它走完）',
    'expect.timer': '每个 TIME-WAIT 套接字都显示 timer:(timewait,…)，从 60 秒（TCP_TIMEWAIT_LEN）开始倒数',
    'note.timer': '这个定时器永远是 60 秒；能让套接字提前结束的，是同一四元组上的新 SYN（见下一步）',
    'step.length': '抓包：定时器从客户端的 FIN 起算，走满 60 秒',
    'expect.length':
      '服务端 TIME-WAIT 的定时器（精确到 1/100 秒）在客户端 FIN 到达服务端之后 60 秒（TCP_TIMEWAIT_LEN）到期：不会更早，与 MSL 无关',
    'step.samePort': '服务端还为某个客户端端口保留着 TIME-WAIT 时，从同一个端口发起新连接',
    'expect.samePortTimeWait': '服务端为这个客户端的地址和端口保留着 TIME-WAIT',
    'act.reconnect': '让客户端从同一个端口再连一次',
    'expect.samePortReconnected': '来自同一端口的新连接被接受并得到了应答：TIME-WAIT 并没有禁止它',
    'step.synAccepted': '抓包：新的 SYN 穿过 TIME-WAIT 交给了监听套接字',
    'expect.synAccepted':
      '抓包显示服务端立刻用 SYN/ACK 回应新的 SYN：TIME-WAIT 把它放行给了监听套接字（拒绝 SYN 的 TIME-WAIT 会回一个旧连接的 ACK）',
    'step.isn': '抓包：新连接的初始序列号由 TIME-WAIT 决定',
    'expect.isn':
      '抓包显示服务端新 SYN/ACK 的序列号等于旧连接的下一个序列号 + {step}：这是 TIME-WAIT 套接字选定的 ISN（tcp_timewait_state_process）',
    'when.keepsIsn': '内核 6.10 及以后（监听套接字沿用 TIME-WAIT 选定的 ISN），并且有抓包时',
    'when.nftWorks': '在实验自己的网络命名空间里 nft 可用时',
    'expect.seedCount': 'seed 001 统计 TIME-WAIT 的命令 `{command}` 打印的是 SYN-RECV 的个数，不是 TIME-WAIT',
    'step.halfOpen': '再给 :{port} 加上 {n} 个半连接',
    'nft.halfOpen': '发往 127.0.0.2 的 SYN/ACK 在路上丢失',
    'expect.halfOpen': '1 秒内，:{port} 的服务端一侧有 {n} 个 SYN-RECV 套接字（三次握手永远完成不了）',
    'act.halfOpen': '记下半连接的个数',
    'step.census': '按 seed 的办法数 TIME-WAIT，再按正确的办法数一遍',
    'expect.censusTimeWait': 'ss -tan state time-wait 数出服务端在 :{port} 上的 {n} 个 TIME-WAIT',
    'expect.censusSynRecv': 'ss -tan state syn-recv 数出的是半连接（nft 造出来时 {n} 个，否则 0 个）',
    'expect.idleFinFirst':
      '抓包显示 :{port} 上先发 FIN 的是服务端，距离它最后一次应答至少 {ms} 毫秒（keepAliveTimeout）：是服务器关掉了空闲连接',
    'step.idleServer': ':{port} 上的长连接服务器，连接空闲 {ms} 毫秒（keepAliveTimeout）就关闭',
    'expect.nodeDefault': 'Node 的 http 服务器默认在长连接空闲 5 秒后关闭它（server.keepAliveTimeout）',
    'step.idleClient': '客户端在一条连接上发 2 个请求，然后空闲不动',
    'expect.idleServerTimeWait': '1 秒内，:{port} 上的长连接服务器持有 TIME-WAIT：是它先关闭了空闲连接',
    'expect.idleClientNone': ':{port} 的客户端没有 TIME-WAIT：它只是回应了服务器的 FIN',
    'step.idleFin': '抓包：谁先发的 FIN',
    'step.keepAliveServer': '长连接服务器监听 :{port}',
    'step.keepAlive': '一条连接上发 {n} 个请求，然后客户端关闭',
    'predict.keepAlive': '一条长连接上发 {n} 个请求，然后客户端关闭。服务端有几个 TIME-WAIT 套接字？',
    'expect.allAnswered': '{n} 个请求都在同一条连接上得到了应答',
    'hint.allAnswered':
      '你的服务器在一条连接上应答的请求不到 {n} 个：它应答之后就关了连接。保持套接字打开，并带上 Content-Length，让客户端知道每个应答在哪里结束',
    'expect.keepAliveClient': '1 秒内，:{port} 的客户端一侧持有那一个 TIME-WAIT（它先关闭）',
    'hint.keepAliveClient': '客户端没有 TIME-WAIT，说明先关闭的不是它：第一个 FIN 是你的服务器发的',
    'expect.keepAliveServerNone': ':{port} 上的长连接服务器没有 TIME-WAIT',
    'hint.keepAliveServerNone': '你的服务器持有 TIME-WAIT：是它先关了连接。应答之后不要 end()，让客户端来关',
    'exercise.goal': '在一条连接上应答 {n} 个请求，并让客户端来关闭，这样你的服务器就不会留下 TIME-WAIT',
    'exercise.hint1':
      "node:http 会替你做好：http.createServer((req, res) => res.end('hello')) 会让 HTTP/1.1 连接保持打开。",
    'exercise.hint2': '如果用 node:net：回复 "HTTP/1.1 200 OK" 并带上 Content-Length 头，应答之后千万不要调用 end()。',
    'exercise.hint3': '从 process.env.PORT 读端口，监听 127.0.0.1。',
    'exercise.hint4': '自己跑一遍：tcplabs run time-wait-active-closer 会展示哪一端持有 TIME-WAIT，以及原因。',
    'exercise.why': '为什么长连接服务器不留 TIME-WAIT',
    'q.who.question': '谁持有 TIME-WAIT？为什么要等 2MSL？Linux 为什么把它固定为 60 秒？',
    'q.who.answer':
      '先发 FIN 的一方，也就是主动关闭方，持有 TIME-WAIT，跟它叫不叫“服务端”无关。这次运行里，HTTP/1.0 服务器每次应答后先关闭，在 :{port} 上留下了 {server} 个 TIME-WAIT，客户端 {client} 个；换成长连接后是客户端先关，TIME-WAIT 就落在客户端（客户端 {keepAlive} 个）。TIME-WAIT 干两件事：最后一个 ACK 丢了，对端会重发 FIN，这时必须还能再回一个 ACK，而不是 RST；同时要让这条连接残留在网络里的旧报文消失，之后同一个四元组才能承载新连接。2MSL 正好覆盖这两件事：一个 MSL 给最后一个报文走过去，一个 MSL 给对端的重传走回来。Linux 根本不按 MSL 去算：时长是常量 TCP_TIMEWAIT_LEN（include/net/tcp.h），没有哪个 sysctl 能改它。本次运行中，刚关闭不久，ss -o 显示 {socket} 的 timewait 定时器还剩 {seconds} 秒。{length}',
    'q.who.length':
      '对照抓包计时，{socket} 的定时器在客户端 FIN 到达服务端之后 {runs} 秒到期：Linux 的 2MSL 就是这么长。',
    'q.who.f1': '如果没有 TIME-WAIT，最后一个 ACK 又丢了，会出什么问题？',
    'q.who.f2': 'tcp_fin_timeout 能缩短 TIME-WAIT 吗？',
    'q.who.f3': '服务器上有三万个 TIME-WAIT，这算问题吗？你会改什么？',
    'q.who.f4': '同一四元组上来了新的 SYN，能让 TIME-WAIT 提前结束吗？',
    'q.who.myth.claim': 'Linux 的 TIME-WAIT（2MSL）是 30 秒。',
    'q.who.myth.truth':
      '刚关闭时 ss -o 显示 timewait 定时器剩下的时间接近这个说法的两倍；对照抓包计时，它走满 TCP_TIMEWAIT_LEN，即 include/net/tcp.h 里的常量 60 秒，与 MSL 无关，也没有 sysctl 能改它。',
    'q.syn.question': 'TIME-WAIT 会禁止同一四元组上建立新连接吗？',
    'q.syn.answer':
      '不会。服务端为客户端端口 {port} 保留着 TIME-WAIT（{held}）；客户端从同一个端口再次发起连接，被接受并得到了应答。只要新 SYN 比旧连接见过的都“新”——TCP 时间戳更大，或者没有时间戳时序列号更大——TIME-WAIT 就会放它进来（net/ipv4/tcp_minisocks.c tcp_timewait_state_process()）。{wire}TIME-WAIT 真正挡住的，是在没开 tcp_tw_reuse 时用 connect() 去占它的端口：那是客户端一侧的故事，见实验 time-wait-ports。',
    'q.syn.wire':
      '抓包显示这个 SYN 被放行：服务端在 {ms} 毫秒后以 Flags [{flags}] 回应，是 SYN/ACK，而不是旧连接的 ACK。',
    'q.syn.f1': '在 TIME-WAIT 的四元组上接受新 SYN 的，是监听的一方还是发起连接的一方？',
    'q.syn.f2': 'SYN 被放行后，靠什么保护新连接不被旧报文干扰？',
    'q.syn.f3': '为什么 tcp_tw_reuse 离不开时间戳？',
    'q.syn.myth.claim': '处于 TIME-WAIT 的连接上不能再建立新连接。',
    'q.syn.myth.truth': '服务端为这个客户端端口保留着 TIME-WAIT，而来自同一端口的新 SYN 被接受并得到了应答。',
    'q.keepAlive.question': 'HTTP 长连接能让服务端不再有 TIME-WAIT 吗？',
    'q.keepAlive.answer':
      '只在客户端先关的时候成立。一条连接上 {n} 个请求、由客户端关闭时，服务端 TIME-WAIT {server} 个，客户端 {client} 个。可服务器会关掉空闲的连接：Node 的 http 服务器看 keepAliveTimeout（默认 {nodeDefault} 毫秒），nginx 看 keepalive_timeout。这时先发 FIN 的是服务器（本次在它最后一次应答后 {finMs} 毫秒），TIME-WAIT 也就留在了服务端（服务端 {idle} 个），客户端则是 {idleClient} 个。一台忙碌、挂着大量空闲客户端的长连接服务器，照样会像 HTTP/1.0 服务器一样攒下 TIME-WAIT。',
    'q.keepAlive.f1': '怎么从 ss 的输出判断一条连接是哪一端先关的？',
    'q.keepAlive.f2': '空闲超时应该放在客户端连接池，还是服务器上？',
    'q.keepAlive.f3': 'TIME-WAIT 留在服务端和留在客户端，代价有什么不同？',
    'q.keepAlive.myth.claim': '用了 HTTP/1.1 长连接，服务器就不会再堆积 TIME-WAIT。',
    'q.keepAlive.myth.truth':
      '服务器一旦自己关掉空闲的长连接，先发 FIN 的就是它，TIME-WAIT 也留在服务端，客户端一个都没有。',
  },
});

export const t = translator(messages);
