// synack-retries in both languages: every word a learner reads (the plan, the predictions,
// the interview). Program output and observations stay as the kernel and the programs print them.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'SYN/ACK retries: the half-open connection a lost ACK leaves behind',
    summary:
      "The client's final ACK is lost: the client is ESTAB, the server holds a SYN-RECV request and resends its SYN/ACK 1 s and 2 s later (tcp_synack_retries={retries}), then forgets it ≈ {s} s in; the client's first request meets a RST.",
    'step.listens': 'the server listens on :{port}',
    'step.dropAcks': 'nft drops every segment from the client except its SYN (the final ACK is lost)',
    'step.connect':
      'the client connects (ESTAB at once); the server keeps a SYN-RECV request, resends its SYN/ACK 1 s and 2 s later, then drops it',
    'connect.predict':
      "The client's final ACK never arrives, so the server holds only a request in SYN-RECV. How many connections wait in the listener's accept queue (its Recv-Q) for accept()?",
    'connect.requestDropped':
      'within 6 s, the server side has no SYN-RECV left: the request was dropped, silently (no RST)',
    'connect.established': 'within 1 s, the client side is ESTAB: its connect() returned after the SYN/ACK',
    'connect.synRecv':
      'within 1 s, the server side is SYN-RECV (a request, no socket for the program yet), timer:(on,…,0) due within 1 s',
    'connect.acceptQueueEmpty': 'the listener’s accept queue is empty (Recv-Q 0): there is nothing for accept() yet',
    'connect.afterFirst':
      'after the first resend, ss -o shows SYN-RECV timer:(on,…,1), due within 2 s (the timeout doubled)',
    'connect.afterSecond':
      'after the second resend, ss -o shows SYN-RECV timer:(on,…,2), due within 4 s: tcp_synack_retries={retries} is used up',
    'connect.actTime': 'time the request: its first SYN/ACK → gone from ss',
    'connect.lived': 'the server kept the request at least {s} s (read by polling ss, which can only be late)',
    'connect.expired':
      "the request was dropped at its timer's third expiry (TcpExtTCPTimeouts +{n}: two resends, then the drop), 1 + 2 + 4 = 7 s after the first SYN/ACK",
    'step.heal': 'the network heals; the client sends its first request and gets a RST',
    'heal.econnreset': "the client's first request fails with ECONNRESET",
    'heal.rst':
      "tcpdump saw the request arrive and the server's kernel answer with RST: no connection, only a listener",
    'evidence.step': 'the evidence: three SYN/ACKs, three lost ACKs, and a client that still thinks it is connected',
    'evidence.predict': "The server has dropped the request without a word. What state is the client's socket in now?",
    'evidence.schedule':
      'tcpdump saw 3 SYN/ACKs, 1 s then 2 s apart ({tolerance}), all with the same sequence number, and nothing from the server after them',
    'evidence.everyAckLost':
      'the client answered each of the {n} SYN/ACKs with an ACK (tcpdump saw them leave; nft dropped them on arrival)',
    'evidence.challenge':
      'TcpExtTCPSYNChallenge grew by {n}: to the ESTAB client a repeated SYN/ACK is a SYN on an open connection, answered with a challenge ACK (RFC 5961)',
    'evidence.synRetrans': 'TcpExtTCPSynRetrans grew by exactly {n} (it counts SYN/ACKs resent, too)',
    'evidence.stillEstablished':
      'the client side is still ESTAB: half-open, it has a connection the server no longer knows',
    'evidence.neverAccepted':
      'the server program never accepted the connection (it only ever sees completed handshakes)',
    'oneLost.step': 'only the first ACK is lost: the next SYN/ACK draws another, and the handshake completes',
    'oneLost.actCapture': 'note where the capture stands before the second client dials',
    'oneLost.waitAck': "the second client's handshake ACK",
    'oneLost.repaired':
      'one lost ACK costs one SYN/ACK timeout: the server resent its SYN/ACK 1 s later ({slack}; a later resend if the rule came off late), the client answered it with another ACK, and that one arrived',
    'oneLost.established': 'the server side of the second connection is ESTAB: the request became a socket',
    'oneLost.accepted': 'the server program accepted it, about 1 s late',
    'iv.halfOpen.q': 'What is a half-open connection, and how does the server end one?',
    'iv.halfOpen.a':
      'A connection one side believes in and the other does not know. Here the client was ESTAB as soon as the SYN/ACK came ({established}), while the server held only a request in SYN-RECV with no process behind it ({synRecv}); accept() had nothing to return ({acceptQueue}). With every final ACK lost, the server resent its SYN/ACK ({schedule}) and then dropped the request at its timer\'s third expiry ({expired}; polling saw it gone after {livedMs} ms), silently: no RST. The client was still ESTAB afterwards ({stillEstab}), and learned of it only when it spoke: its request drew a RST ({rst}) and the program read "{reset}". tcp_synack_retries decides how long the server waits: with its default, {defaultRetries}, the same doubling gives {defaultS} s (reqsk_timer_handler() in net/ipv4/inet_connection_sock.c).',
    'iv.halfOpen.f1': 'How does a client find out about a half-open connection it never writes to?',
    'iv.halfOpen.f2': "Why does accept() never see the request, and what does the LISTEN line's Recv-Q count?",
    'iv.halfOpen.f3': 'What else leaves half-open connections: a crashed peer, a NAT that forgot the flow?',
    'iv.halfOpen.myth.claim':
      'A server that gets no final ACK goes on resending its SYN/ACK until some timeout, and the client is told when it gives up.',
    'iv.halfOpen.myth.truth':
      "It resends exactly tcp_synack_retries times, then drops the request without sending anything: the run counts the timer's expiries in TcpExtTCPTimeouts and captures nothing from the server until the client speaks, and then a RST.",
    'iv.lostAck.q': "What does losing the client's final ACK of the handshake cost?",
    'iv.lostAck.a':
      'Usually a second. The client is connected at once either way; the server keeps the request and resends its SYN/ACK when its timer expires, and the client answers each copy with another ACK. With only the first ACK lost, the run saw {repaired}: the handshake completed at the next SYN/ACK and the server program accepted the connection about a second late ({accepted}). A server that speaks first greets that much later. It takes every ACK lost (a broken path, a firewall) to cost more: {acks}, the request dropped after {livedMs} ms, a half-open client whose first request meets a RST. The ACK the client sends to a repeated SYN/ACK is a challenge ACK ({challenge}, RFC 5961), and its ack number is exactly what the request waits for.',
    'iv.lostAck.f1': "Why does the client's first data segment complete the handshake just as well as the ACK?",
    'iv.lostAck.f2':
      'Which protocols suffer most from a lost final ACK: those where the client or the server speaks first?',
    'iv.lostAck.f3': 'What does a full accept queue with tcp_abort_on_overflow=0 do to the final ACK?',
    'iv.lostAck.myth.claim': 'The third segment of the handshake carries SYN and ACK.',
    'iv.lostAck.myth.truth':
      "It carries ACK alone, as do the client's answers to every resent SYN/ACK: the capture shows each of them as [.], a bare ACK.",
  },
  zh: {
    title: 'SYN/ACK 重传：丢失的 ACK 留下的半开连接',
    summary:
      '客户端的第三次握手 ACK 丢了：客户端已是 ESTAB，服务端只握着一个 SYN-RECV 请求，1 秒、2 秒后重传 SYN/ACK（tcp_synack_retries={retries}），约 {s} 秒后把它忘掉；客户端的第一个请求换来一个 RST。',
    'step.listens': '服务端监听 :{port}',
    'step.dropAcks': 'nft 丢弃客户端发来的除 SYN 以外的所有报文（第三次握手的 ACK 丢了）',
    'step.connect': '客户端发起连接（立即 ESTAB）；服务端保留一个 SYN-RECV 请求，1 秒和 2 秒后重传 SYN/ACK，然后丢弃它',
    'connect.predict':
      '客户端的最后一个 ACK 始终没到，服务端只有一个处于 SYN-RECV 的请求。此时监听套接字的全连接队列（Recv-Q）里有几个连接在等 accept()？',
    'connect.requestDropped': '6 秒内，服务端一侧不再有 SYN-RECV：请求被悄悄丢弃了（没有 RST）',
    'connect.established': '1 秒内，客户端一侧是 ESTAB：收到 SYN/ACK 后它的 connect() 就返回了',
    'connect.synRecv':
      '1 秒内，服务端一侧是 SYN-RECV（只是一个请求，程序还拿不到套接字），timer:(on,…,0) 在 1 秒内到期',
    'connect.acceptQueueEmpty': '监听套接字的全连接队列是空的（Recv-Q 0）：accept() 还没有东西可取',
    'connect.afterFirst': '第一次重传之后，ss -o 显示 SYN-RECV timer:(on,…,1)，2 秒内到期（超时翻了一倍）',
    'connect.afterSecond':
      '第二次重传之后，ss -o 显示 SYN-RECV timer:(on,…,2)，4 秒内到期：tcp_synack_retries={retries} 已经用完',
    'connect.actTime': '给请求计时：从第一个 SYN/ACK 到从 ss 中消失',
    'connect.lived': '服务端保留这个请求至少 {s} 秒（通过轮询 ss 读出，轮询只会晚、不会早）',
    'connect.expired':
      '请求在定时器第三次到期时被丢弃（TcpExtTCPTimeouts +{n}：两次重传，然后丢弃），即第一个 SYN/ACK 之后 1 + 2 + 4 = 7 秒',
    'step.heal': '网络恢复；客户端发出第一个请求，收到 RST',
    'heal.econnreset': '客户端的第一个请求以 ECONNRESET 失败',
    'heal.rst': 'tcpdump 看到请求到达，服务端内核回了 RST：那里没有连接，只有一个监听套接字',
    'evidence.step': '证据：三个 SYN/ACK，三个丢失的 ACK，以及一个仍以为自己连着的客户端',
    'evidence.predict': '服务端已经一声不响地丢掉了请求。此刻客户端套接字处于什么状态？',
    'evidence.schedule':
      'tcpdump 看到 3 个 SYN/ACK，间隔先 1 秒、再 2 秒（{tolerance}），序列号完全相同，之后服务端再没发出任何报文',
    'evidence.everyAckLost': '客户端对 {n} 个 SYN/ACK 都回了 ACK（tcpdump 看到它们发出；nft 在入口把它们丢了）',
    'evidence.challenge':
      'TcpExtTCPSYNChallenge 增加 {n}：对已是 ESTAB 的客户端来说，重复的 SYN/ACK 是打开的连接上出现的 SYN，它以挑战 ACK 回应（RFC 5961）',
    'evidence.synRetrans': 'TcpExtTCPSynRetrans 恰好增加 {n}（重传的 SYN/ACK 也计在这里）',
    'evidence.stillEstablished': '客户端一侧仍是 ESTAB：这就是半开连接，它握着一条服务端已经不认识的连接',
    'evidence.neverAccepted': '服务端程序始终没有 accept 这条连接（它只能看到完成了三次握手的连接）',
    'oneLost.step': '只丢第一个 ACK：下一个 SYN/ACK 换来另一个 ACK，三次握手完成',
    'oneLost.actCapture': '第二个客户端发起连接之前，记下抓包此刻的位置',
    'oneLost.waitAck': '第二个客户端的握手 ACK',
    'oneLost.repaired':
      '丢一个 ACK 的代价是一次 SYN/ACK 超时：服务端 1 秒后重传 SYN/ACK（{slack}；规则撤得晚的话会是更晚的一次重传），客户端再回一个 ACK，这一个到达了',
    'oneLost.established': '第二条连接的服务端一侧是 ESTAB：请求变成了套接字',
    'oneLost.accepted': '服务端程序 accept 了它，晚了大约 1 秒',
    'iv.halfOpen.q': '什么是半开连接？服务端又是怎样结束它的？',
    'iv.halfOpen.a':
      '一方以为连接存在、另一方根本不知道它的连接。本次运行中，客户端一收到 SYN/ACK 就是 ESTAB（{established}），而服务端只有一个处于 SYN-RECV、没有进程认领的请求（{synRecv}）；accept() 无连接可取（{acceptQueue}）。最后的 ACK 全部丢失时，服务端重传 SYN/ACK（{schedule}），然后在定时器第三次到期时丢弃请求（{expired}；轮询在 {livedMs} 毫秒后看到它消失），悄无声息，不发 RST。此后客户端仍是 ESTAB（{stillEstab}），直到它开口才知道：它的请求换来一个 RST（{rst}），程序读到 "{reset}"。服务端等多久由 tcp_synack_retries 决定：按默认值 {defaultRetries}，同样的翻倍得出 {defaultS} 秒（net/ipv4/inet_connection_sock.c 的 reqsk_timer_handler()）。',
    'iv.halfOpen.f1': '客户端如果从不写数据，它怎样才能发现自己握着半开连接？',
    'iv.halfOpen.f2': '为什么 accept() 看不到这个请求？LISTEN 行的 Recv-Q 数的是什么？',
    'iv.halfOpen.f3': '还有什么会留下半开连接：对端崩溃？NAT 忘掉了这条流？',
    'iv.halfOpen.myth.claim': '服务端收不到最后的 ACK，就会一直重传 SYN/ACK 直到某个超时，放弃时还会通知客户端。',
    'iv.halfOpen.myth.truth':
      '它恰好重传 tcp_synack_retries 次，随后什么都不发就丢弃请求：运行中 TcpExtTCPTimeouts 记下定时器的每次到期，直到客户端开口之前抓不到服务端的任何报文，开口之后才是一个 RST。',
    'iv.lostAck.q': '三次握手中客户端最后那个 ACK 丢了，代价是什么？',
    'iv.lostAck.a':
      '通常是一秒钟。无论如何客户端都立即连上了；服务端保留请求，定时器到期就重传 SYN/ACK，客户端对每一份副本再回一个 ACK。只丢第一个 ACK 时，本次运行看到 {repaired}：握手在下一个 SYN/ACK 时完成，服务端程序晚了大约一秒才 accept 这条连接（{accepted}）。服务端先开口的协议，问候语也就晚这么久。要让代价更大，得所有 ACK 都丢（路径坏了、防火墙拦了）：{acks}，请求在 {livedMs} 毫秒后被丢弃，留下一个半开的客户端，它的第一个请求会撞上 RST。客户端对重复的 SYN/ACK 回的是挑战 ACK（{challenge}，RFC 5961），它的确认号恰好就是请求在等的那个。',
    'iv.lostAck.f1': '为什么客户端的第一个数据段和那个 ACK 一样能完成握手？',
    'iv.lostAck.f2': '哪类协议最怕丢最后的 ACK：客户端先说话的，还是服务端先说话的？',
    'iv.lostAck.f3': '全连接队列满且 tcp_abort_on_overflow=0 时，最后的 ACK 会遭遇什么？',
    'iv.lostAck.myth.claim': '三次握手的第三个报文同时带 SYN 和 ACK。',
    'iv.lostAck.myth.truth': '它只带 ACK，客户端对每个重传的 SYN/ACK 的回应也一样：抓包里它们都显示为 [.]，即纯 ACK。',
  },
});

export const t = translator(messages);
