// fin-wait-2-timeout in both languages: every word a learner reads (the plan, the predictions,
// the exercise, the interview). Program output and what the kernel showed stay as printed.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'FIN-WAIT-2 and tcp_fin_timeout: the orphan is reaped, the CLOSE-WAIT stays',
    summary:
      "A client that closes and exits leaves an orphaned FIN-WAIT-2, which tcp_fin_timeout ({s} s here) frees without any TIME-WAIT; the leaking server's CLOSE-WAIT stays, and its next write meets a RST. A client that only calls end() keeps FIN-WAIT-2 with no timer at all.",

    'step.listens': 'the chat server listens on :{port}',
    'expect.finTimeoutSet': "tcp_fin_timeout reads {s} in the lab's own namespace: the orphan's wait, in seconds",
    'step.stayer': 'a user joins, says "Connect success" and calls end() at once (FIN →), and stays to listen',
    'expect.serverCloseWait': "within 1 s, the server side of :{port} is CLOSE-WAIT: the server ignores the user's EOF",
    'step.orphan': "the seed's client joins, waits {ms} ms, closes its socket and exits",
    'predict.orphan':
      "The seed's client closed its socket and exited; the server never closes. What state is the client's socket in now?",
    'expect.orphanTimer':
      "the exited client's socket is FIN-WAIT-2 with no owner, and ss -o shows timer:(timewait,…) of at most {s} s: tcp_fin_timeout is counting",
    'expect.orphanFromAck':
      "the orphan's timer, read to the 1/100 s, fires tcp_fin_timeout after the server's ACK of its FIN: the kernel armed it when that ACK came",
    'expect.stayerNoTimer':
      'the user who called end() is FIN-WAIT-2 too, owned by its process, and ss -o shows no timer at all',
    'expect.twoCloseWait': 'the server holds 2 CLOSE-WAIT sockets, one per user who left',

    'step.reap': 'tcp_fin_timeout={s}: the kernel reaps the orphan, and nothing else changes',
    'predict.reap':
      "tcp_fin_timeout={s} runs out for the orphan, and the server has still not sent its FIN. What is left of the client's socket?",
    'expect.reaped': "within {s} s, nothing is left of the exited client's socket: no FIN-WAIT-2, and no TIME-WAIT",
    'expect.noTimeWait':
      'no client-side socket on :{port} is TIME-WAIT: the orphan did not "turn into TIME-WAIT" (seed 000)',
    'expect.twKilled':
      'TcpExtTWKilled grew by exactly 1: a short-lived timewait entry (≤ 4 s) held the orphan and was killed by its timer…',
    'expect.twNotCounted': '…and TcpExtTW (TIME-WAITs of the full 60 s) did not move',
    'expect.stayerStillWaits':
      'the user who called end() is still FIN-WAIT-2 with no timer, more than {s} s on: tcp_fin_timeout is for orphans only',
    'expect.closeWaitStays':
      "the server still holds both CLOSE-WAIT sockets: no timer ends CLOSE-WAIT, and the orphan's end told the server nothing",

    'step.late': 'a late user joins: the server tells the room, and its write to the departed user meets RST',
    'predict.late':
      "A late user joins and the server tells the whole room, the departed client's old port too. What answers that data?",
    'expect.dataRst':
      "tcpdump: the server's data to the departed client's port is answered with RST: no socket is there any more",
    'expect.epipe':
      "the server's next write to that user fails with EPIPE (a RST in CLOSE-WAIT is reported as a broken pipe)",
    'expect.rstSent': 'TcpOutRsts grew by exactly 1: the RST the client side of this host sent for the closed port',
    'expect.closeWaitReset': 'TcpEstabResets grew by exactly 1: the RST ended the server socket that sat in CLOSE-WAIT',
    'expect.serverGone': "and the server's socket for the departed user is gone",
    'expect.stayerHears':
      'the user in FIN-WAIT-2 (end() only) still receives what the room says: half-closed, not gone',

    'choice.nothing': 'nothing',

    'ex.step.listens': 'your chat server listens on :{port}',
    'ex.step.client': "the seed's client joins, waits {ms} ms, closes and exits",
    'ex.hint.established':
      'the user never showed up on your server: accept the connection (net.createServer) and keep it until the user leaves',
    'ex.step.close': 'the user has left: your server must close too (← FIN)',
    'ex.expect.leftCloseWait': "within 1 s of the user's FIN, no server-side socket on :{port} is CLOSE-WAIT",
    'ex.hint.leftCloseWait':
      "your server read the user's EOF and kept the socket: its side stayed CLOSE-WAIT. Call end() in the socket's 'end' handler (and drop the user from the room)",
    'ex.expect.orphanGotFin':
      "within 1 s, the departed client's socket is TIME-WAIT: your FIN reached it, and the kernel finished the close properly",
    'ex.hint.orphanGotFin':
      'the orphan never got your FIN, so it sat in FIN-WAIT-2 until tcp_fin_timeout: close the socket, not just stop reading',
    'ex.step.late': 'a late user joins: nothing may be written to the one who left',
    'ex.expect.lateServed': 'your server accepted the late user (it is still up)',
    'ex.hint.lateServed':
      'your server did not take the late user: did it crash writing to a closed socket? Remove users from the room when they leave, and handle socket errors',
    'ex.expect.noRst': 'TcpOutRsts did not grow: your server wrote nothing to a port that no socket holds any more',
    'ex.hint.noRst': 'a RST was sent: your server wrote to a departed user whose socket was already gone',
    'ex.goal':
      "close a user's connection as soon as you read their EOF, so their kernel is never left holding an orphan",
    'ex.hint1': "Listen for the socket's 'end' event: call socket.end() there and remove the user from the room.",
    'ex.hint2':
      'With allowHalfOpen: true Node leaves the closing to you; with the default (false) it ends the socket for you.',
    'ex.hint3': "Handle 'error' on every socket: a write to a peer that is gone must not crash the room.",
    'ex.hint4': 'tcplabs run fin-wait-2-timeout shows what the leaking server leaves behind.',
    'ex.why': 'Who leaves the orphan behind',

    'iv.unmeasured': '?',
    'iv.orphan.q':
      'Why does a FIN-WAIT-2 socket sometimes wait forever, and sometimes only tcp_fin_timeout? What is an orphan?',
    'iv.orphan.a':
      "FIN-WAIT-2 is the active closer waiting for the peer's FIN, and a peer whose program never closes (CLOSE-WAIT) never sends it. Linux bounds that wait only for an orphan: a socket no process holds any more, because its program closed it (or exited). In this run the seed's client closed and exited; ss -o showed its socket in FIN-WAIT-2 with no owner and timer:(timewait,{orphanLeftMs}ms): on close the kernel swapped the full socket for a small timewait entry that is still FIN-WAIT-2. Timed against the capture, that timer fires {runs} s after the server's ACK of the client's FIN: tcp_fin_timeout, which read {finTimeout} in the run's namespace. When it fired the entry was freed, not turned into TIME-WAIT: TcpExtTWKilled +{twKilled}, TcpExtTW +{tw}. The other user only called end() (shutdown) and kept its socket: not an orphan, so no timer at all; {stayerAge} ms after the ACK of its FIN it was still FIN-WAIT-2 with no timer, and it would wait as long as its program lives, still reading what the server sends. Neither cleanup reaches the server, which still held {closeWaits} CLOSE-WAIT sockets: the fix for a pile of FIN-WAIT-2 is in the peer that does not close.",
    'iv.orphan.f1': 'Why does ss print the orphan as FIN-WAIT-2 with a timer named timewait?',
    'iv.orphan.f2': "What happens if the server's FIN reaches the orphan before tcp_fin_timeout runs out?",
    'iv.orphan.f3': 'Does lowering tcp_fin_timeout shorten TIME-WAIT?',
    'iv.orphan.f4': 'What does the TCP_LINGER2 socket option change, and for which sockets?',
    'iv.orphan.myth.claim':
      'tcp_fin_timeout reduces the time the server takes to go from FIN-WAIT-2 to TIME_WAIT in abnormal cases.',
    'iv.orphan.myth.truth':
      "When tcp_fin_timeout ran out, the orphan was freed outright: no TIME-WAIT appeared on the client side and TcpExtTW did not move. FIN-WAIT-2 becomes TIME-WAIT only when the peer's FIN arrives; tcp_fin_timeout is how long an orphan waits for it before giving up.",

    'iv.late.q':
      'Your server writes to a client that closed and exited long ago. What happens on the wire, and when does the program find out?',
    'iv.late.a':
      "The client's kernel has nothing left for that port, so it answers the data with a RST. In this run the leaking server, still in CLOSE-WAIT, wrote {bytes} bytes to the departed client's port; the RST came back {rstAfterMs} ms later (TcpOutRsts +{rsts}) and ended the server's socket (TcpEstabResets +{resets}; ss then listed nothing for it). The write itself had succeeded: the bytes were handed to the kernel before the RST existed. The program learned it only on its next write, which failed with \"{error}\": a RST that arrives in CLOSE-WAIT is reported as a broken pipe, not as ECONNRESET. A server that closes on EOF never gets there: it leaves CLOSE-WAIT at once, and the departed user is out of the room before anyone speaks.",
    'iv.late.f1': 'Why EPIPE here, and when would the program see ECONNRESET instead?',
    'iv.late.f2': 'What would SIGPIPE have done to a program that does not ignore it?',
    'iv.late.f3': 'How would you find, on a live server, the sockets that are about to hit this?',
  },
  zh: {
    title: 'FIN-WAIT-2 与 tcp_fin_timeout：孤儿套接字被回收，CLOSE-WAIT 原地不动',
    summary:
      '客户端关闭套接字并退出，留下一个孤儿 FIN-WAIT-2，tcp_fin_timeout（这里是 {s} 秒）到期后内核把它直接释放，不经过 TIME-WAIT；泄漏连接的服务端 CLOSE-WAIT 却一直留着，它下一次写就撞上 RST。只调用 end() 的客户端，FIN-WAIT-2 上根本没有定时器。',

    'step.listens': '聊天服务器监听 :{port}',
    'expect.finTimeoutSet': '实验自己的命名空间里 tcp_fin_timeout 读出来是 {s}：孤儿等待的秒数',
    'step.stayer': '一个用户加入，发出 "Connect success" 后立刻调用 end()（FIN →），然后留下来继续收消息',
    'expect.serverCloseWait': '1 秒内，:{port} 的服务端一侧进入 CLOSE-WAIT：服务器对用户的 EOF 置之不理',
    'step.orphan': 'seed 里的客户端加入，等 {ms} 毫秒，关闭套接字后退出',
    'predict.orphan': 'seed 的客户端关闭套接字并退出了，而服务端永远不关。客户端的套接字现在处于什么状态？',
    'expect.orphanTimer':
      '已退出客户端的套接字处于 FIN-WAIT-2，没有属主进程，ss -o 显示的 timer:(timewait,…) 不超过 {s} 秒：tcp_fin_timeout 正在倒数',
    'expect.orphanFromAck':
      '孤儿的定时器（精确到 1/100 秒）在服务端对它的 FIN 回 ACK 之后整一个 tcp_fin_timeout 到期：内核是在收到这个 ACK 时启动它的',
    'expect.stayerNoTimer':
      '调用 end() 的那个用户也处于 FIN-WAIT-2，但套接字仍归它的进程所有，ss -o 显示没有任何定时器',
    'expect.twoCloseWait': '服务端持有 2 个 CLOSE-WAIT 套接字，每个离开的用户一个',

    'step.reap': 'tcp_fin_timeout={s}：内核回收孤儿套接字，其他一切照旧',
    'predict.reap': '孤儿的 tcp_fin_timeout={s} 到期了，服务端仍然没有发 FIN。客户端的套接字还剩下什么？',
    'expect.reaped': '{s} 秒内，已退出客户端的套接字什么都不剩：没有 FIN-WAIT-2，也没有 TIME-WAIT',
    'expect.noTimeWait': ':{port} 的客户端一侧没有 TIME-WAIT 套接字：孤儿并没有像 seed 000 说的那样“转入 TIME-WAIT”',
    'expect.twKilled':
      'TcpExtTWKilled 恰好增加 1：承载孤儿的是一个短命（≤ 4 秒）的 timewait 条目，它被自己的定时器清掉了……',
    'expect.twNotCounted': '……而 TcpExtTW（完整 60 秒的 TIME-WAIT）纹丝未动',
    'expect.stayerStillWaits':
      '调用 end() 的用户在超过 {s} 秒之后仍处于 FIN-WAIT-2，仍然没有定时器：tcp_fin_timeout 只管孤儿',
    'expect.closeWaitStays': '服务端仍持有那两个 CLOSE-WAIT：没有定时器能结束 CLOSE-WAIT，孤儿的消失也没有通知到服务端',

    'step.late': '一个迟到的用户加入：服务器向全聊天室广播，写给已离开用户的数据撞上 RST',
    'predict.late': '迟到的用户加入，服务器向整个聊天室广播，也发往已离开客户端原来的端口。回应这份数据的是什么？',
    'expect.dataRst': 'tcpdump：服务端发往已离开客户端端口的数据被 RST 回应：那里已经没有套接字了',
    'expect.epipe': '服务器再往这个用户写，就失败并报 EPIPE（CLOSE-WAIT 中收到的 RST 会以“管道破裂”的形式报告）',
    'expect.rstSent': 'TcpOutRsts 恰好增加 1：本机客户端一侧为那个已关闭的端口发出的 RST',
    'expect.closeWaitReset': 'TcpEstabResets 恰好增加 1：这个 RST 结束了停在 CLOSE-WAIT 的服务端套接字',
    'expect.serverGone': '服务端为已离开用户保留的套接字也消失了',
    'expect.stayerHears': '处于 FIN-WAIT-2（只调用了 end()）的用户仍能收到聊天室里的消息：它是半关闭，不是走了',

    'choice.nothing': '什么也没有',

    'ex.step.listens': '你的聊天服务器监听 :{port}',
    'ex.step.client': 'seed 里的客户端加入，等 {ms} 毫秒，关闭后退出',
    'ex.hint.established': '用户根本没出现在你的服务器上：接受连接（net.createServer），并一直保留到用户离开',
    'ex.step.close': '用户已经离开：你的服务器也必须关闭（← FIN）',
    'ex.expect.leftCloseWait': '收到用户 FIN 后 1 秒内，:{port} 的服务端一侧没有 CLOSE-WAIT 套接字',
    'ex.hint.leftCloseWait':
      "你的服务器读到了用户的 EOF，却没放开套接字：它这一侧停在了 CLOSE-WAIT。在套接字的 'end' 回调里调用 end()（并把用户移出聊天室）",
    'ex.expect.orphanGotFin': '1 秒内，已离开客户端的套接字进入 TIME-WAIT：你的 FIN 到达了，内核把关闭流程正常走完',
    'ex.hint.orphanGotFin':
      '孤儿一直没等到你的 FIN，只好在 FIN-WAIT-2 待到 tcp_fin_timeout：要关闭套接字，而不只是不再读它',
    'ex.step.late': '迟到的用户加入：不许再往已离开的用户写任何东西',
    'ex.expect.lateServed': '你的服务器接受了迟到的用户（它还活着）',
    'ex.hint.lateServed':
      '你的服务器没接住迟到的用户：是不是往已关闭的套接字写东西时崩溃了？用户离开时把他移出聊天室，并处理套接字错误',
    'ex.expect.noRst': 'TcpOutRsts 没有增加：你的服务器没有往任何已无套接字的端口写数据',
    'ex.hint.noRst': '发出了 RST：你的服务器往一个已离开、套接字早已不在的用户写了数据',
    'ex.goal': '一读到用户的 EOF 就关闭他的连接，让对方内核永远不必替他看管孤儿套接字',
    'ex.hint1': "监听套接字的 'end' 事件：在那里调用 socket.end()，并把用户移出聊天室。",
    'ex.hint2': '设了 allowHalfOpen: true，Node 就把关闭交给你；用默认值（false）时，它会替你结束套接字。',
    'ex.hint3': "给每个套接字都处理 'error'：往已经不在的对端写数据，不能让整个聊天室崩掉。",
    'ex.hint4': '运行 tcplabs run fin-wait-2-timeout，看看泄漏连接的服务器留下了什么。',
    'ex.why': '孤儿是谁留下的',

    'iv.unmeasured': '?',
    'iv.orphan.q': '为什么一个 FIN-WAIT-2 套接字有时永远等下去，有时只等 tcp_fin_timeout？什么是孤儿套接字？',
    'iv.orphan.a':
      'FIN-WAIT-2 是主动关闭方在等对端的 FIN，而一个程序从不关闭连接的对端（CLOSE-WAIT）永远不会发它。Linux 只给孤儿套接字设了等待上限：孤儿就是已经没有进程持有的套接字，因为程序关闭了它（或者退出了）。本次运行里，seed 的客户端关闭后退出；ss -o 显示它的套接字处于 FIN-WAIT-2，没有属主，timer:(timewait,{orphanLeftMs}ms)：关闭时内核把完整的套接字换成了一个小小的 timewait 条目，状态仍是 FIN-WAIT-2。对照抓包计时，这个定时器在服务端对客户端 FIN 回 ACK 之后 {runs} 秒到期，这就是 tcp_fin_timeout，本次运行的命名空间里读出来是 {finTimeout}。到期时条目被直接释放，并没有变成 TIME-WAIT：TcpExtTWKilled +{twKilled}，TcpExtTW +{tw}。另一个用户只调用了 end()（shutdown），套接字还攥在手里：它不是孤儿，所以根本没有定时器；在它的 FIN 被确认 {stayerAge} 毫秒之后，它仍处于 FIN-WAIT-2、没有定时器，只要程序还活着就会一直等下去，并照样读取服务端发来的数据。这两种清理都碰不到服务端，它仍持有 {closeWaits} 个 CLOSE-WAIT：FIN-WAIT-2 堆积成山，要修的是那个不关连接的对端。',
    'iv.orphan.f1': '为什么 ss 把孤儿显示为 FIN-WAIT-2，定时器却叫 timewait？',
    'iv.orphan.f2': '如果服务端的 FIN 在 tcp_fin_timeout 到期之前到达孤儿，会怎样？',
    'iv.orphan.f3': '调小 tcp_fin_timeout 能缩短 TIME-WAIT 吗？',
    'iv.orphan.f4': '套接字选项 TCP_LINGER2 改变的是什么？对哪些套接字有效？',
    'iv.orphan.myth.claim': 'tcp_fin_timeout 用来减少异常情况下服务器从 FIN-WAIT-2 转到 TIME_WAIT 的时间。',
    'iv.orphan.myth.truth':
      'tcp_fin_timeout 到期时，孤儿被直接释放：客户端一侧没有出现 TIME-WAIT，TcpExtTW 也没动。只有对端的 FIN 到达，FIN-WAIT-2 才会转入 TIME-WAIT；tcp_fin_timeout 是孤儿等这个 FIN 等多久才放弃。',

    'iv.late.q': '你的服务器往一个早已关闭并退出的客户端写数据。线路上会发生什么？程序什么时候才知道？',
    'iv.late.a':
      '客户端内核在那个端口上已经什么都没有了，于是用 RST 回应这份数据。本次运行里，仍停在 CLOSE-WAIT 的泄漏服务器往已离开客户端的端口写了 {bytes} 字节；{rstAfterMs} 毫秒后 RST 回来了（TcpOutRsts +{rsts}），并结束了服务端的套接字（TcpEstabResets +{resets}；之后 ss 里再也查不到它）。那次写本身是成功的：字节交给内核的时候，RST 还不存在。程序要到下一次写才知道，那次写失败并报“{error}”：CLOSE-WAIT 中收到的 RST 被报告为管道破裂，而不是 ECONNRESET。一个读到 EOF 就关闭的服务器根本走不到这一步：它立刻离开 CLOSE-WAIT，离开的用户也在有人说话之前就被移出了聊天室。',
    'iv.late.f1': '这里为什么是 EPIPE？什么情况下程序看到的会是 ECONNRESET？',
    'iv.late.f2': '如果程序没有忽略 SIGPIPE，会发生什么？',
    'iv.late.f3': '在线上服务器上，你怎样提前找出会撞上这种情况的套接字？',
  },
});

export const t = translator(messages);
