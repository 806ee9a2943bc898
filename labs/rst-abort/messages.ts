// rst-abort in both languages: every word a learner reads (the plan, the exercise, the
// predictions, the interview). Program output and what the kernel showed stay as printed.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'RST: aborting a connection instead of closing it',
    summary:
      'Next to a graceful close (FIN, TIME-WAIT), three RSTs: resetAndDestroy() (SO_LINGER 0) leaves no TIME-WAIT and the peer reads ECONNRESET; close() with unread data aborts too; a SYN to a closed port gets RST, so ECONNREFUSED comes at once.',

    'servers.step':
      'two upload servers (limit 64 KiB): :{fin} hangs up idle connections with end(), :{reset} with resetAndDestroy()',
    'servers.wait': 'wait until the reset-server listens on :{port}',
    'clients.step': 'four clients at once: {big} bytes to :{fin}, a dial to :{closed}, {small} bytes to each server',

    'unread.step': 'the {big}-byte upload, over the limit of :{port}: 413, then destroy() with the body unread',
    'unread.predict':
      'The server answers 413 and calls destroy() with most of the upload still unread in its receive buffer. What does its kernel send after the 413?',
    'unread.rst': 'the capture shows :{port} answering 413, then a RST and no FIN: close() with unread data aborts',
    'unread.survives':
      "the 413 went out whole before the RST: the RST's sequence number is the one after the reply's last byte",
    'unread.counted': 'TcpExtTCPAbortOnClose grew by exactly 1: a close() that threw away unread data',

    'refused.step': 'the dial to :{port}, where nothing listens: the kernel answers the SYN with RST',
    'refused.predict': 'The client dials :{port}, where nothing listens. What does its connect() fail with?',
    'refused.rst': "the SYN to :{port} is answered by RST/ACK within {ms} ms (the capture's clock)",
    'refused.error': 'connect() fails with ECONNREFUSED',
    'refused.once': 'connect() failed on its first SYN: the capture shows no SYN sent again',
    'refused.counted': 'TcpAttemptFails grew by exactly 1: the one connection that died in SYN-SENT',

    'fin.step': 'after {ms} ms idle, :{port} hangs up with end(): FIN',
    'fin.predict': 'The server on :{port} hung up first, with end(). Which side keeps the TIME-WAIT?',
    'fin.close': 'the capture shows the FIN of :{port}, and no RST either way',
    'fin.eof': "the client reads the answer, then EOF: the server's FIN is a clean end of the stream",
    'fin.timeWait':
      "within 1 s, the server side of :{port}, which closed first, holds the connection's TIME-WAIT (the aborted upload left none)",

    'reset.step': ':{port} hangs up with resetAndDestroy() (SO_LINGER 0): RST',
    'reset.predict':
      'The server on :{port} hangs up with resetAndDestroy() while the client waits to read. What does the client get?',
    'reset.rst': 'the capture shows a RST from :{port} and no FIN: the connection was aborted, not closed',
    'reset.econnreset': "the client's read fails with ECONNRESET",
    'reset.serverNoTw': 'the server side of :{port} holds no TIME-WAIT, though it closed first',
    'reset.clientNoTw': 'nor does the client side of :{port}: an abort leaves no TIME-WAIT anywhere',
    'reset.counted': 'TcpExtTCPAbortOnData grew by exactly 1: the kernel counts a SO_LINGER 0 close there',

    'counted.step': 'what the kernel counted',
    'counted.predict':
      'Two connections were aborted with a RST (the 413 and the idle reset). By how much did TcpEstabResets grow?',
    'counted.rsts':
      'TcpOutRsts grew by exactly the number of RSTs the capture shows, at least {n}: the 413 abort, the refused SYN, the idle abort',
    'counted.estabResets':
      'TcpEstabResets grew by 4: both ends of each aborted connection went from ESTAB straight to CLOSED (the graceful close and the refused dial count none)',

    'choice.nothing': 'nothing',
    'choice.client': 'the client',
    'choice.server': 'the server',
    'choice.both': 'both',
    'choice.neither': 'neither',

    'ex.listens': 'your server listens on :{port}',
    'ex.step': 'a {big}-byte upload, over the limit: the client must read 413, then EOF, and no RST may be sent',
    'ex.reads': 'the client read "413 too large", then EOF (your FIN), not ECONNRESET',
    'ex.readsHint':
      'the client did not get "413 too large" followed by a clean EOF: answer 413, then end() the socket instead of destroy(), and do not call destroy() or resetAndDestroy() after it',
    'ex.fin': 'the capture shows your FIN, and no RST either way',
    'ex.finHint':
      'a RST left your port: close() with bytes still unread in the receive buffer makes the kernel abort. end() sends FIN and keeps reading; let the body drain until the client closes',
    'ex.noAbort': 'TcpExtTCPAbortOnClose did not grow: no close() threw away unread data',
    'ex.noAbortHint':
      'TcpExtTCPAbortOnClose grew: your server closed the socket while part of the upload was still unread',
    'ex.noRst': 'TcpOutRsts did not grow: no RST at all',
    'ex.noRstHint': 'the kernel sent a RST: resetAndDestroy(), or a close with unread data, aborts the connection',
    'ex.goal': 'turn a too-large upload away with 413 so the client reads it and a clean EOF: no RST',
    'ex.hint1': 'end() is shutdown(SHUT_WR): it sends your FIN after the 413 and leaves the receive side open.',
    'ex.hint2':
      "Keep a 'data' listener (or call resume()) so Node goes on reading, and dropping, the rest of the body.",
    'ex.hint3': 'The client closes when it reads your FIN; then Node destroys the socket with nothing left unread.',
    'ex.hint4': 'Run tcplabs run rst-abort to see the RST the faulty server sends, and TcpExtTCPAbortOnClose grow.',
    'ex.why': 'Closing with unread data: the RST you did not ask for',

    'iv.unmeasured': '?',
    'iv.rst.q':
      'When does the kernel end a connection with a RST instead of a FIN, and what does the peer see? (Unread data at close, SO_LINGER 0, a closed port.)',
    'iv.rst.a':
      'A FIN says "I will send no more": every byte already sent is still delivered, the peer reads EOF, and the side that closed first keeps TIME-WAIT. A RST says "this connection is over": both ends forget it at once and the peer\'s next read or write fails. The kernel sends one in several cases; this run shows three. First, close() with data the program never read: the server on :{unreadPort} answered 413 and called destroy() with the upload unread, and the capture shows its RST and no FIN; TcpExtTCPAbortOnClose grew by {abortOnClose}. The 413 went out whole before the RST ({replyBytes} bytes, then the RST at the very next sequence number): a RST does not take back bytes already delivered, though a program may never read them (Node drops the socket unread when a pending write fails first). Second, SO_LINGER with a zero timeout, which is Node\'s resetAndDestroy(): the server on :{resetPort} hung up that way, the client\'s read failed with {resetCode}, and neither end kept a TIME-WAIT ({serverTw} on the server side, {clientTw} on the client side), where the graceful end() on :{finPort} left {finTw} on the server, the side that closed first; the kernel counted it under TcpExtTCPAbortOnData (+{abortOnData}). Third, a SYN to a port nobody listens on: :{closedPort} answered with RST/ACK {refusedGapMs} ms later, and connect() failed with ECONNREFUSED after {refusedMs} ms, on its first SYN ({syns} SYN in the capture; TcpAttemptFails +{attemptFails}). TcpOutRsts grew by {outRsts}, exactly the RSTs the capture shows ({captured}), and TcpEstabResets by {estabResets}: both ends of each aborted connection went from ESTAB straight to CLOSED. TcpOutRsts counts only the RSTs a host sends; to see one arrive, look for Flags [R.] in the capture.',
    'iv.rst.f1': 'Why would a load balancer close with SO_LINGER 0, and what does it risk?',
    'iv.rst.f2': 'How should an HTTP server turn away an upload it will not read, so the client still gets the answer?',
    'iv.rst.f3': 'What is the difference between ECONNRESET, EPIPE and ECONNREFUSED?',
    'iv.rst.f4': 'Why does the refused dial fail at once, while a firewall that drops the SYN makes connect() wait?',
    'iv.rst.myth.claim': 'TIME-WAIT cannot be avoided: the side that closes first always has to wait it out.',
    'iv.rst.myth.truth':
      'An abort avoids it: the server in the run above closed first with resetAndDestroy() and neither end kept a TIME-WAIT, where its graceful twin kept one. The price is what TIME-WAIT and FIN stand for: data still queued is thrown away, and the peer learns of the end as ECONNRESET. Fewer TIME-WAITs without that price come from fewer connections (keep-alive), or from letting the other side close first.',
  },
  zh: {
    title: 'RST：中止连接，而不是关闭连接',
    summary:
      '在一次正常关闭（FIN、TIME-WAIT）旁边，演示三种 RST：resetAndDestroy()（SO_LINGER 0）不留 TIME-WAIT，对端读到 ECONNRESET；带着未读数据调用 close() 同样会中止连接；发往无人监听端口的 SYN 换来 RST，于是 ECONNREFUSED 立刻返回。',

    'servers.step': '两个上传服务（上限 64 KiB）：:{fin} 用 end() 挂断空闲连接，:{reset} 用 resetAndDestroy() 挂断',
    'servers.wait': '等到 reset-server 在 :{port} 上监听',
    'clients.step': '四个客户端同时出发：向 :{fin} 上传 {big} 字节，拨号 :{closed}，向两个服务端各上传 {small} 字节',

    'unread.step': '向 :{port} 上传 {big} 字节，超过上限：回 413，然后在请求体未读的情况下 destroy()',
    'unread.predict':
      '服务端回了 413，接收缓冲区里还有大半个上传没读，就调用了 destroy()。它的内核在 413 之后发出什么？',
    'unread.rst': '抓包显示 :{port} 回了 413，随后是 RST，没有 FIN：带着未读数据 close() 就是中止连接',
    'unread.survives': '413 在 RST 之前完整地发了出去：RST 的序列号正好接在这条回复最后一个字节之后',
    'unread.counted': 'TcpExtTCPAbortOnClose 恰好增加 1：一次丢弃了未读数据的 close()',

    'refused.step': '拨号 :{port}，那里没有人监听：内核用 RST 回应 SYN',
    'refused.predict': '客户端拨号 :{port}，那里没有人监听。它的 connect() 会以什么错误失败？',
    'refused.rst': '发往 :{port} 的 SYN 在 {ms} 毫秒内（按抓包时钟）得到 RST/ACK 回应',
    'refused.error': 'connect() 以 ECONNREFUSED 失败',
    'refused.once': 'connect() 在第一个 SYN 上就失败了：抓包里没有重发的 SYN',
    'refused.counted': 'TcpAttemptFails 恰好增加 1：那条死在 SYN-SENT 的连接',

    'fin.step': '空闲 {ms} 毫秒后，:{port} 用 end() 挂断：FIN',
    'fin.predict': ':{port} 上的服务端先挂断，用的是 end()。TIME-WAIT 留在哪一方？',
    'fin.close': '抓包显示 :{port} 发出的 FIN，双方都没有 RST',
    'fin.eof': '客户端读到应答，然后读到 EOF：服务端的 FIN 是数据流干净的结尾',
    'fin.timeWait': '1 秒内，先关闭的 :{port} 服务端一侧持有这条连接的 TIME-WAIT（被中止的上传一个也没留下）',

    'reset.step': ':{port} 用 resetAndDestroy()（SO_LINGER 0）挂断：RST',
    'reset.predict': ':{port} 上的服务端在客户端等着读的时候用 resetAndDestroy() 挂断。客户端得到什么？',
    'reset.rst': '抓包显示 :{port} 发出 RST，没有 FIN：连接是被中止的，不是被关闭的',
    'reset.econnreset': '客户端的读操作以 ECONNRESET 失败',
    'reset.serverNoTw': ':{port} 的服务端一侧没有 TIME-WAIT，尽管是它先关闭的',
    'reset.clientNoTw': ':{port} 的客户端一侧也没有：中止连接在哪一端都不留 TIME-WAIT',
    'reset.counted': 'TcpExtTCPAbortOnData 恰好增加 1：内核把 SO_LINGER 0 的关闭记在这里',

    'counted.step': '内核的计数',
    'counted.predict': '有两条连接被 RST 中止（413 那条和空闲复位那条）。TcpEstabResets 增加了多少？',
    'counted.rsts': 'TcpOutRsts 的增量恰好等于抓包里 RST 的个数，至少 {n} 个：413 的中止、被拒的 SYN、空闲时的中止',
    'counted.estabResets':
      'TcpEstabResets 增加 4：每条被中止的连接，两端都从 ESTAB 直接变成 CLOSED（正常关闭和被拒的拨号都不计入）',

    'choice.nothing': '什么也不发',
    'choice.client': '客户端',
    'choice.server': '服务端',
    'choice.both': '两端都有',
    'choice.neither': '两端都没有',

    'ex.listens': '你的服务端监听 :{port}',
    'ex.step': '上传 {big} 字节，超过上限：客户端必须读到 413，然后是 EOF，且不许发出任何 RST',
    'ex.reads': '客户端读到 "413 too large"，然后是 EOF（你的 FIN），而不是 ECONNRESET',
    'ex.readsHint':
      '客户端没有在 "413 too large" 之后读到干净的 EOF：回 413，然后用 end() 而不是 destroy() 结束套接字，之后也不要调用 destroy() 或 resetAndDestroy()',
    'ex.fin': '抓包显示你的 FIN，双方都没有 RST',
    'ex.finHint':
      '你的端口发出了 RST：接收缓冲区里还有未读字节时 close()，内核就会中止连接。end() 发出 FIN 并继续读；让请求体读完，直到客户端关闭',
    'ex.noAbort': 'TcpExtTCPAbortOnClose 没有增加：没有哪次 close() 丢弃了未读数据',
    'ex.noAbortHint': 'TcpExtTCPAbortOnClose 增加了：你的服务端在上传还有一部分没读时就关闭了套接字',
    'ex.noRst': 'TcpOutRsts 没有增加：一个 RST 都没有',
    'ex.noRstHint': '内核发出了 RST：resetAndDestroy()，或者带着未读数据关闭，都会中止连接',
    'ex.goal': '用 413 拒绝过大的上传，让客户端读到它和一个干净的 EOF：不发 RST',
    'ex.hint1': 'end() 就是 shutdown(SHUT_WR)：它在 413 之后发出你的 FIN，接收方向仍然开着。',
    'ex.hint2': "保留一个 'data' 监听器（或调用 resume()），让 Node 继续读取并丢弃剩下的请求体。",
    'ex.hint3': '客户端读到你的 FIN 就会关闭；这时 Node 再销毁套接字，已经没有未读数据了。',
    'ex.hint4': '运行 tcplabs run rst-abort，看出错的服务端发出的 RST，以及 TcpExtTCPAbortOnClose 的增长。',
    'ex.why': '带着未读数据关闭：你没要的那个 RST',

    'iv.unmeasured': '?',
    'iv.rst.q':
      '内核什么时候用 RST 而不是 FIN 来结束连接？对端看到的是什么？（关闭时有未读数据、SO_LINGER 0、端口没人监听。）',
    'iv.rst.a':
      'FIN 说的是“我不会再发了”：已经发出的每个字节照样送达，对端读到 EOF，先关闭的一方保留 TIME-WAIT。RST 说的是“这条连接作废了”：两端立刻把它忘掉，对端的下一次读或写直接失败。内核在好几种情况下会发 RST，本次运行展示了其中三种。其一，程序还有数据没读就 close()：:{unreadPort} 上的服务端回了 413，上传还没读就调用 destroy()，抓包里是它发出的 RST，没有 FIN；TcpExtTCPAbortOnClose 增加 {abortOnClose}。那个 413 在 RST 之前就完整发出了（{replyBytes} 字节，RST 的序列号紧接其后）：RST 收不回已经送达的字节，只是程序未必读得到（Node 若先碰上一次失败的待发写入，就会连读都不读、直接丢掉这个套接字）。其二，SO_LINGER 设为零超时，也就是 Node 的 resetAndDestroy()：:{resetPort} 上的服务端这样挂断，客户端的读以 {resetCode} 失败，两端都没有 TIME-WAIT（服务端一侧 {serverTw} 个，客户端一侧 {clientTw} 个），而 :{finPort} 上用 end() 正常挂断时，先关闭的服务端留下了 {finTw} 个；内核把这次关闭记在 TcpExtTCPAbortOnData（+{abortOnData}）。其三，SYN 发往没人监听的端口：:{closedPort} 在 {refusedGapMs} 毫秒后回了 RST/ACK，connect() 在 {refusedMs} 毫秒后以 ECONNREFUSED 失败，败在第一个 SYN 上（抓包里只有 {syns} 个 SYN；TcpAttemptFails +{attemptFails}）。TcpOutRsts 增加 {outRsts}，正好是抓包里 RST 的个数（{captured}）；TcpEstabResets 增加 {estabResets}：每条被中止的连接，两端都从 ESTAB 直接变成 CLOSED。TcpOutRsts 只统计本机发出的 RST；想看到收到的 RST，要在抓包里找 Flags [R.]。',
    'iv.rst.f1': '负载均衡器为什么会用 SO_LINGER 0 关闭连接？它冒的是什么风险？',
    'iv.rst.f2': 'HTTP 服务端要拒绝一个它不打算读的上传，怎样才能让客户端仍然收到应答？',
    'iv.rst.f3': 'ECONNRESET、EPIPE 和 ECONNREFUSED 有什么区别？',
    'iv.rst.f4': '为什么被拒的拨号立刻失败，而防火墙丢掉 SYN 时 connect() 要等很久？',
    'iv.rst.myth.claim': 'TIME-WAIT 是不可避免的：先关闭的一方总得把它等完。',
    'iv.rst.myth.truth':
      '中止连接就能避开它：上面运行里的服务端先用 resetAndDestroy() 关闭，两端都没有留下 TIME-WAIT，而它那个正常关闭的同伴留下了一个。代价正是 TIME-WAIT 和 FIN 所保障的东西：还在排队的数据被丢弃，对端以 ECONNRESET 的形式得知连接结束。想要更少的 TIME-WAIT 又不付这个代价，办法是更少的连接（长连接），或者让另一方先关闭。',
  },
});

export const t = translator(messages);
