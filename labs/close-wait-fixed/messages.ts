// Every word of close-wait-fixed a learner reads, in English and Chinese side by side, with
// the words of what this folder shares: the close-on-eof exercise and the seed's opening
// (close-wait-leak plays them too), the step conditions and settle (other labs use them).
// Program output and what the kernel showed (`observed`) stay as they are.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'CLOSE-WAIT fixed: close on EOF',
    summary: 'The server closes when it reads EOF: no CLOSE-WAIT remains and the client holds TIME-WAIT.',
    // close-on-eof.ts: the seed's opening
    'step.listens': 'server listens on :{port}',
    'step.dials': 'client dials :{port} and writes "Connect success"',
    'step.closes': 'client waits {ms} ms, then closes (FIN →)',
    'note.kernelAcks': "client → FIN → server; the server's kernel ACKs it by itself (← ACK), not the program",
    // close-on-eof.ts: the exercise's choreography
    'hint.established':
      'the connection never showed up on your server: accept it (net.createServer) and keep it open until the client closes',
    'expect.serverEstablished': 'within 1 s, the server side of :{port} is (or was, in the capture) ESTAB',
    'expect.finAcked': "within 1 s, the server's kernel ACKs the client's FIN (client side FIN-WAIT-2 or TIME-WAIT)",
    'step.mustClose': 'server must close within {s} s (← FIN)',
    'predict.mustClose':
      'The server answers with its own FIN. Which state does the client, which closed first, end in?',
    'expect.leftCloseWait': "within {s} s of the client's FIN, no server-side socket on :{port} is CLOSE-WAIT",
    'hint.leftCloseWait':
      "your server's socket was still CLOSE-WAIT {s} s after the client's FIN: it read EOF and never closed; end the socket in its 'end' handler",
    'expect.clientTimeWait': 'within 1 s, the client (the active closer) holds TIME-WAIT',
    'hint.clientTimeWait':
      "the client never reached TIME-WAIT, so your server's FIN never came: close with end() or destroy(), not by leaving the socket open",
    'exercise.goal': "close your side within {s} s of reading the client's EOF",
    'exercise.hint1': "Listen for the socket's 'end' event and call socket.end() (or socket.destroy()) there.",
    'exercise.hint2':
      'With allowHalfOpen: true Node will not end the socket for you; with the default (false) it does.',
    'exercise.hint3': 'Read the port from process.env.PORT and listen on 127.0.0.1 (or on all addresses).',
    'exercise.hint4': 'Run it yourself: tcplabs run close-wait-fixed shows the states a correct server produces.',
    'exercise.why': 'Why closing on EOF ends the leak',
    // conditions.ts, settle.ts
    'when.captured': 'where tcpdump captures the run',
    'when.ownNetns': "in a network namespace of its own, not the host's",
    'do.settle': 'wait up to {s} s for the {role} to print {pattern} (judged next)',
    // lab.ts
    'step.timeWait': "the client's TIME-WAIT and its 60 s; the server's socket is gone",
    'expect.timer': "the client's TIME-WAIT shows timer:(timewait,…) counting down from 60 s",
    'predict.timer':
      "ss -o shows a countdown on the client's TIME-WAIT socket. From how many seconds does Linux count it down?",
    'choice.30': '30 s',
    'choice.60': '60 s',
    'choice.120': '120 s',
    'choice.240': '240 s',
    'step.serverFin': "the server's FIN on the wire",
    'step.tw': 'TcpExtTW: when the kernel counts a TIME-WAIT',
    // checks.ts
    'expect.serverFinAcks':
      "the capture shows the server's FIN with the ACK flag set, acknowledging the client's FIN (seed 001 writes FIN=1, ACK=0)",
    'expect.serverGone':
      "within 1 s, no server-side socket on :{port} is left in any state: after LAST-ACK the server's socket is gone",
    'expect.twAtStart':
      'TcpExtTW grew by {n} as soon as the TIME-WAIT began (this kernel is 5.17 or newer: it counts at the start)',
    'expect.twAtEnd': 'TcpExtTW has not grown: before 5.17 the kernel counts a TIME-WAIT only when it ends, 60 s later',
    // interview.ts
    'iv.unmeasured': '?',
    'iv.cwtw.q': 'CLOSE-WAIT and TIME-WAIT: which side holds each, what ends each, and which one is a bug?',
    'iv.cwtw.a':
      "They sit on opposite ends and mean opposite things. CLOSE-WAIT belongs to the passive closer: its kernel received the peer's FIN and ACKed it by itself, and now waits for its own application to call close(). No timer ends it, so a pile of CLOSE-WAIT is a bug in that program. TIME-WAIT belongs to the active closer, once both FINs have been sent and ACKed: the kernel keeps the connection's memory for a while, so it can ACK a FIN sent again and let stray old segments die out, and it ends on its own. In this run the server closed as soon as it read EOF: right after the client's FIN, ss counted {left} CLOSE-WAIT sockets on :{port}, and after its LAST-ACK no server-side socket was left at all. {wire}The TIME-WAIT went to the client (port {clientPort}), because it sent the first FIN: ss -o showed its timer:(timewait,…) at {seconds} s, counting down from TCP_TIMEWAIT_LEN (include/net/tcp.h), which no sysctl changes. {counted}So CLOSE-WAIT on a server says \"fix the code\"; TIME-WAIT on the side that closed first says the protocol did its job. Fixing a leak does not move TIME-WAIT to the server: only the side that closes first holds it.",
    'iv.cwtw.wire':
      "The capture shows the server's FIN as Flags [{flags}] with ack {ack}, one past the client's FIN: the second FIN also carries the ACK of the first. ",
    'iv.cwtw.counted': 'TcpExtTW grew by {n} the moment that TIME-WAIT began. ',
    'iv.cwtw.f1': 'A server shows ten thousand CLOSE-WAIT sockets: where do you look first?',
    'iv.cwtw.f2': 'Why can no sysctl make CLOSE-WAIT sockets go away?',
    'iv.cwtw.f3': 'When would the server hold the TIME-WAIT instead, and is that a problem?',
    'iv.cwtw.f4': 'What changes if the server closes with SO_LINGER set to 0?',
    'iv.cwtw.myth.claim':
      'A passive closer that never closes leaves the active closer stuck in TIME-WAIT; and its FIN, when it does close, has the ACK flag cleared.',
    'iv.cwtw.myth.truth':
      "While the server does not close, the client waits in FIN-WAIT-2 (the close-wait-leak lab shows it); it reaches TIME-WAIT only after the server's FIN, as here. And that FIN carries the ACK flag (Flags [F.]), its ack one past the client's FIN.",
  },
  zh: {
    title: 'CLOSE-WAIT 修好了：读到 EOF 就关闭',
    summary: '服务器读到 EOF 就关闭自己这一端：不再留下 CLOSE-WAIT，TIME-WAIT 由客户端持有。',
    'step.listens': '服务器监听 :{port}',
    'step.dials': '客户端连接 :{port}，写入 "Connect success"',
    'step.closes': '客户端等 {ms} 毫秒后关闭（FIN →）',
    'note.kernelAcks': '客户端 → FIN → 服务器；回 ACK 的是服务器的内核（← ACK），不是服务器程序',
    'hint.established': '你的服务器上根本没出现这条连接：用 net.createServer 接受它，并且在客户端关闭之前保持它打开',
    'expect.serverEstablished': '1 秒内，:{port} 的服务端一侧处于（或者抓包显示曾经处于）ESTAB',
    'expect.finAcked': '1 秒内，服务器的内核确认了客户端的 FIN（客户端一侧进入 FIN-WAIT-2 或 TIME-WAIT）',
    'step.mustClose': '服务器必须在 {s} 秒内关闭（← FIN）',
    'predict.mustClose': '服务器回了自己的 FIN。先关闭的客户端最后停在哪个状态？',
    'expect.leftCloseWait': '客户端的 FIN 到达后 {s} 秒内，:{port} 的服务端一侧没有任何 CLOSE-WAIT 套接字',
    'hint.leftCloseWait':
      "客户端的 FIN 到达 {s} 秒后，你的服务器的套接字仍是 CLOSE-WAIT：它读到了 EOF 却一直没有关闭；请在 'end' 事件的处理函数里结束这个套接字",
    'expect.clientTimeWait': '1 秒内，客户端（主动关闭方）持有 TIME-WAIT',
    'hint.clientTimeWait':
      '客户端始终没进入 TIME-WAIT，说明你的服务器的 FIN 一直没发出来：用 end() 或 destroy() 关闭，别让套接字一直开着',
    'exercise.goal': '读到客户端的 EOF 后 {s} 秒内关闭你这一端',
    'exercise.hint1': "监听套接字的 'end' 事件，在里面调用 socket.end()（或 socket.destroy()）。",
    'exercise.hint2': '设了 allowHalfOpen: true，Node 就不会替你结束套接字；默认值（false）下它会。',
    'exercise.hint3': '从 process.env.PORT 读端口，监听 127.0.0.1（或所有地址）。',
    'exercise.hint4': '自己跑一遍：tcplabs run close-wait-fixed 会展示一个正确的服务器会产生哪些状态。',
    'exercise.why': '为什么读到 EOF 就关闭能消除泄漏',
    'when.captured': '仅限有 tcpdump 抓包时',
    'when.ownNetns': '仅限实验运行在自己的网络命名空间里（而不是主机的）',
    'do.settle': '最多等 {s} 秒，直到 {role} 输出 {pattern}（随后判定）',
    'step.timeWait': '客户端的 TIME-WAIT 和它的 60 秒；服务端的套接字已经消失',
    'expect.timer': '客户端的 TIME-WAIT 显示 timer:(timewait,…)，从 60 秒开始倒数',
    'predict.timer': 'ss -o 在客户端的 TIME-WAIT 套接字上显示一个倒计时。Linux 从多少秒开始倒数？',
    'choice.30': '30 秒',
    'choice.60': '60 秒',
    'choice.120': '120 秒',
    'choice.240': '240 秒',
    'step.serverFin': '抓包里服务器的 FIN',
    'step.tw': 'TcpExtTW：内核什么时候统计一个 TIME-WAIT',
    'expect.serverFinAcks':
      '抓包显示服务器的 FIN 带着 ACK 标志，确认的正是客户端的 FIN（seed 001 写的是 FIN=1、ACK=0）',
    'expect.serverGone': '1 秒内，:{port} 的服务端一侧不再有任何状态的套接字：LAST-ACK 之后服务端的套接字就消失了',
    'expect.twAtStart': 'TIME-WAIT 一开始，TcpExtTW 就增加了 {n}（这个内核是 5.17 或更新的版本：在开始时计数）',
    'expect.twAtEnd': 'TcpExtTW 没有增加：5.17 之前的内核要等 TIME-WAIT 结束（60 秒后）才计数',
    'iv.unmeasured': '?',
    'iv.cwtw.q': 'CLOSE-WAIT 和 TIME-WAIT：各自落在哪一端？各自靠什么结束？哪一个说明有 bug？',
    'iv.cwtw.a':
      '两者在连接的两头，含义正好相反。CLOSE-WAIT 属于被动关闭方：它的内核收到了对端的 FIN，并且自己回了 ACK，接下来就等本机的应用程序调用 close()。没有任何定时器会结束它，所以 CLOSE-WAIT 堆积起来，就是那个程序的 bug。TIME-WAIT 属于主动关闭方，出现在两个 FIN 都已发出并被确认之后：内核把这条连接再记一段时间，好在对端重发 FIN 时再回一次 ACK，也让迷路的旧报文自然消亡，时间到了它自己就结束。本次运行中，服务器一读到 EOF 就关闭了：客户端的 FIN 刚到，ss 在 :{port} 上数到 {left} 个 CLOSE-WAIT；经过 LAST-ACK 之后，服务端一侧一个套接字也不剩。{wire}TIME-WAIT 落在客户端（端口 {clientPort}），因为第一个 FIN 是它发的：ss -o 显示它的 timer:(timewait,…) 还剩 {seconds} 秒，从 TCP_TIMEWAIT_LEN（include/net/tcp.h）往下数，这个值没有任何 sysctl 能改。{counted}所以，服务器上的 CLOSE-WAIT 意思是“去改代码”；先关闭的一方身上的 TIME-WAIT 则说明协议在正常工作。修好泄漏并不会把 TIME-WAIT 挪到服务器：谁先关闭，谁持有它。',
    'iv.cwtw.wire':
      '抓包显示服务器的 FIN 是 Flags [{flags}]，ack 为 {ack}，正好是客户端 FIN 的下一个序号：第二个 FIN 顺带确认了第一个。',
    'iv.cwtw.counted': '这个 TIME-WAIT 一开始，TcpExtTW 就增加了 {n}。',
    'iv.cwtw.f1': '一台服务器上有一万个 CLOSE-WAIT 套接字，你先查哪里？',
    'iv.cwtw.f2': '为什么没有哪个 sysctl 能让 CLOSE-WAIT 消失？',
    'iv.cwtw.f3': '什么情况下 TIME-WAIT 会落在服务端？那算问题吗？',
    'iv.cwtw.f4': '如果服务器关闭时把 SO_LINGER 设为 0，会有什么不同？',
    'iv.cwtw.myth.claim':
      '被动关闭方一直不关闭，会让主动关闭方卡在 TIME-WAIT；而它最终关闭时发出的 FIN 不带 ACK 标志。',
    'iv.cwtw.myth.truth':
      '服务器不关闭时，客户端停在 FIN-WAIT-2（close-wait-leak 实验能看到）；只有等服务器的 FIN 到了，它才进入 TIME-WAIT，就像这里。而且那个 FIN 带着 ACK 标志（Flags [F.]），确认号正好是客户端 FIN 的下一个序号。',
  },
});

export const t = translator(messages);
