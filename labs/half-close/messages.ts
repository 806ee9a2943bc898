// half-close in both languages: every word a learner reads (the plan, the exercise, the
// predictions, the interview). Program output and what the kernel showed stay as printed.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'Half-close: reading after your own FIN',
    summary:
      "After the client's FIN the server keeps sending; the client, in FIN-WAIT-2, still receives all of it. With Node's default the server's socket ends at once, and only what it wrote before that arrives.",

    'send.listens': 'server listens on :{port}',
    'send.step': 'client sends its request and FIN at once (FIN →); the server keeps sending (← data)',
    'send.predict':
      'The client sent its FIN together with its request. The server then writes {chunks} chunks of {chunk} bytes. How many bytes does the client read before EOF?',
    'send.got': "the client read all {total} bytes the server sent after the client's FIN, then EOF",
    'hint.allowHalfOpen':
      "Node ended your socket when it read the client's EOF, so the rest of your answer never went out: create the server with net.createServer({ allowHalfOpen: true }, …)",
    'capture.dataAfter': "the capture: the server's data after the client's FIN",
    'wire.dataAfter':
      "the capture shows {total} bytes from the server after the client's FIN, every one ACKed by the client: a socket that sent FIN still receives",

    'closed.step': 'server closes (← FIN); the client holds TIME-WAIT',
    'closed.predict': 'The server has sent everything and its FIN. Which state does the client end in?',
    'hint.clientTimeWait':
      'the client never reached TIME-WAIT, so your FIN never came: call end() after your last chunk',
    'hint.serverGone':
      'your socket is still CLOSE-WAIT: you kept it open after sending; call end() once the answer is out',

    'states.step': 'the capture: the states while the data flowed',
    'states.predict': "While the server's data flows after the client's FIN, which state is the client's socket in?",
    'wire.states':
      "the capture puts the client in FIN-WAIT-2 and the server in CLOSE-WAIT for as long as the server's data flowed",

    'default.step': "the same server with Node's default (allowHalfOpen: false) on :{port}",
    'default.predict':
      "Node's default server writes its first {chunk}-byte chunk in its 'end' handler, then tries {more} more. How many bytes reach the client?",
    'default.flushed':
      'the client still gets the {bytes} bytes written before Node ended the socket: they are flushed, then the FIN',
    'default.writeFails':
      'the default server\'s next write fails (Node 20: EPIPE, "This socket has been ended by the other party")',
    'default.capture': "the capture: the default server's FIN",
    'wire.finBehind':
      "the capture shows the default server's FIN right behind the {written} bytes it wrote before Node ended the socket: no data after it",

    'exercise.goal': "after the client's FIN, send {chunks} chunks of {chunk} bytes ({total} in all), then close",
    'exercise.hint1':
      "Node's default (allowHalfOpen: false) ends your socket as soon as it reads EOF; turn it off with net.createServer({ allowHalfOpen: true }, …).",
    'exercise.hint2':
      'Then nothing closes the socket for you: call socket.end() after your last write, or it stays CLOSE-WAIT.',
    'exercise.hint3': 'Read the port from process.env.PORT and listen on 127.0.0.1.',
    'exercise.hint4':
      'Run it yourself: tcplabs run half-close shows both servers, the default one and the half-open one.',
    'exercise.why': 'Why allowHalfOpen lets the server finish',

    'iv.unmeasured': '?',
    'iv.half.q':
      'What does shutdown(SHUT_WR) do that close() does not? Can a socket that has sent its FIN still receive?',
    'iv.half.a':
      "shutdown(SHUT_WR) closes one direction only: the kernel sends a FIN after whatever was written, and the socket stays open for reading. close() gives the descriptor up, so the program can read nothing more (what it does to data left unread is the rst-abort lab). Node's socket.end() is the half-close. In this run the client sent its request and FIN together; the capture put the client in FIN-WAIT-2 at +{finWait2} ms and the server in CLOSE-WAIT at +{closeWait} ms, and from +{dataFrom} ms to +{dataTo} ms the server sent {bytes} bytes in {segments} segments after that FIN, every one ACKed by the client. So FIN-WAIT-2 still receives: the FIN only said \"I will send no more\". The client read all {read} bytes, then EOF when the server's FIN came, and ended in TIME-WAIT (+{timeWait} ms on the wire, {twLeft} s left on its timer). The server, for its part, has to leave its own sending half open: with Node's default (allowHalfOpen: false) the server's socket was ended as soon as it read the EOF. The {flushed} bytes it had already written were delivered, its FIN followed {finGap} ms after the client's, with {late} bytes after it, and its next write failed with {code}.",
    'iv.half.f1':
      'Does tcp_fin_timeout limit a FIN-WAIT-2 socket whose program still holds it after shutdown(SHUT_WR)?',
    'iv.half.f2': "How can a server tell a client's half-close from a client that went away?",
    'iv.half.f3': 'Which protocols rely on a half-close, and which mark the end of input inside the protocol instead?',
    'iv.half.f4': "What happens to the server's answer if the client calls close() instead of shutdown(SHUT_WR)?",
    'iv.half.myth.claim':
      'A connection that shows CLOSE_WAIT on one end and FIN_WAIT_2 on the other means the passive side forgot to close it, and it stays that way until a timeout.',
    'iv.half.myth.truth':
      "That pair is also what every half-close looks like while the answer is still flowing: in the run above the client was FIN-WAIT-2 and the server CLOSE-WAIT for the whole of the server's answer, and both left it as soon as the server called end(). It is a leak only when it lasts with nothing left to send; and a FIN-WAIT-2 whose program still holds the socket has no timeout at all (the close-wait-leak lab shows it).",
  },
  zh: {
    title: '半关闭：发出自己的 FIN 之后照样能读',
    summary:
      '客户端发出 FIN 之后，服务端继续发送；处于 FIN-WAIT-2 的客户端照样全部收到。换成 Node 的默认设置，服务端的套接字会立刻被结束，客户端只能收到在那之前写出的数据。',

    'send.listens': '服务端监听 :{port}',
    'send.step': '客户端把请求和 FIN 一起发出（FIN →）；服务端继续发数据（← data）',
    'send.predict':
      '客户端把 FIN 和请求一起发了出去。随后服务端写出 {chunks} 块、每块 {chunk} 字节的数据。客户端在读到 EOF 之前能读到多少字节？',
    'send.got': '客户端读到了服务端在它的 FIN 之后发来的全部 {total} 字节，然后才是 EOF',
    'hint.allowHalfOpen':
      '你的服务端一读到客户端的 EOF，Node 就把套接字结束了，后面的应答根本没发出去：创建服务端时用 net.createServer({ allowHalfOpen: true }, …)',
    'capture.dataAfter': '抓包：客户端 FIN 之后服务端发来的数据',
    'wire.dataAfter':
      '抓包显示，客户端的 FIN 之后服务端又发来 {total} 字节，每个字节都被客户端 ACK 了：发出 FIN 的套接字仍然可以接收',

    'closed.step': '服务端关闭（← FIN）；客户端进入 TIME-WAIT',
    'closed.predict': '服务端把数据发完，又发了自己的 FIN。客户端最终处于什么状态？',
    'hint.clientTimeWait': '客户端始终没有进入 TIME-WAIT，说明你的 FIN 一直没发出：最后一块写完后调用 end()',
    'hint.serverGone': '你的套接字仍处于 CLOSE-WAIT：发完数据后你没有关闭它；应答发完就调用 end()',

    'states.step': '抓包：数据流动期间两端的状态',
    'states.predict': '客户端发出 FIN 之后，服务端的数据还在源源不断地过来。此时客户端的套接字处于什么状态？',
    'wire.states': '从抓包推断：服务端的数据在流动的整个期间，客户端处于 FIN-WAIT-2，服务端处于 CLOSE-WAIT',

    'default.step': '同一个服务端改用 Node 的默认设置（allowHalfOpen: false），监听 :{port}',
    'default.predict':
      "Node 默认设置下的服务端在 'end' 回调里先写出第一块 {chunk} 字节，之后还想再写 {more} 块。客户端能收到多少字节？",
    'default.flushed': '在 Node 结束套接字之前写出的 {bytes} 字节，客户端照样收到：先把它们发完，再发 FIN',
    'default.writeFails':
      '默认服务端的下一次写入失败（Node 20 报 EPIPE，“This socket has been ended by the other party”）',
    'default.capture': '抓包：默认服务端的 FIN',
    'wire.finBehind':
      '抓包显示，默认服务端的 FIN 紧跟在 Node 结束套接字之前写出的 {written} 字节之后：FIN 之后再无数据',

    'exercise.goal': '客户端发出 FIN 之后，发送 {chunks} 块、每块 {chunk} 字节（共 {total} 字节），然后关闭',
    'exercise.hint1':
      'Node 的默认设置（allowHalfOpen: false）一读到 EOF 就结束你的套接字；用 net.createServer({ allowHalfOpen: true }, …) 把它关掉。',
    'exercise.hint2':
      '这样一来就没人替你关闭套接字了：最后一次写入之后调用 socket.end()，否则它会一直停在 CLOSE-WAIT。',
    'exercise.hint3': '端口从 process.env.PORT 读取，监听 127.0.0.1。',
    'exercise.hint4': '自己跑一遍：tcplabs run half-close 会演示两个服务端，默认的那个和允许半关闭的那个。',
    'exercise.why': '为什么 allowHalfOpen 能让服务端把话说完',

    'iv.unmeasured': '?',
    'iv.half.q': 'shutdown(SHUT_WR) 做了什么 close() 不做的事？一个已经发出 FIN 的套接字还能接收数据吗？',
    'iv.half.a':
      'shutdown(SHUT_WR) 只关闭一个方向：内核在已写出的数据之后发一个 FIN，套接字的读方向仍然开着。close() 则把描述符交还了，程序再也读不到任何东西（它对尚未读取的数据怎么处理，见 rst-abort 实验）。Node 的 socket.end() 就是半关闭。本次运行中，客户端把请求和 FIN 一起发出；从抓包推断，客户端在 +{finWait2} 毫秒进入 FIN-WAIT-2，服务端在 +{closeWait} 毫秒进入 CLOSE-WAIT；从 +{dataFrom} 毫秒到 +{dataTo} 毫秒，服务端在那个 FIN 之后又分 {segments} 个报文段发来 {bytes} 字节，每一个都被客户端 ACK。所以 FIN-WAIT-2 仍然可以接收：FIN 说的只是“我不会再发了”。客户端读完全部 {read} 字节，等服务端的 FIN 到来才读到 EOF，最后进入 TIME-WAIT（线上在 +{timeWait} 毫秒，定时器还剩 {twLeft} 秒）。而服务端那一侧，读到 EOF 之后也得让自己的发送方向继续开着：用 Node 的默认设置（allowHalfOpen: false）时，服务端一读到 EOF 套接字就被结束了。它已经写出的 {flushed} 字节照样送达，它的 FIN 在客户端的 FIN 之后 {finGap} 毫秒发出，FIN 之后是 {late} 字节，再写一次就以 {code} 失败。',
    'iv.half.f1': '程序在 shutdown(SHUT_WR) 之后仍持有套接字，tcp_fin_timeout 能限制这个 FIN-WAIT-2 停留多久吗？',
    'iv.half.f2': '服务端怎样区分客户端的半关闭和客户端已经走掉？',
    'iv.half.f3': '哪些协议依赖半关闭，哪些协议改在协议内部标明输入结束？',
    'iv.half.f4': '如果客户端调用的是 close() 而不是 shutdown(SHUT_WR)，服务端的应答会怎样？',
    'iv.half.myth.claim':
      '一条连接一端是 CLOSE_WAIT、另一端是 FIN_WAIT_2，就说明被动关闭方忘了关闭，它会一直这样，直到超时。',
    'iv.half.myth.truth':
      '这一对状态也正是每次半关闭在应答还没发完时的样子：在上面的运行里，服务端发送应答的整个期间，客户端都处于 FIN-WAIT-2、服务端处于 CLOSE-WAIT，服务端一调用 end()，两端就都离开了这一对状态。只有在无数据可发、却仍然一直停留时，它才是泄漏；而程序仍持有套接字的 FIN-WAIT-2 根本没有超时（close-wait-leak 实验演示了这一点）。',
  },
});

export const t = translator(messages);
