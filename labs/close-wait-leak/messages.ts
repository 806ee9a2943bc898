// close-wait-leak in both languages: every word a learner reads (the plan, the predictions,
// the interview). The seed's opening and the close-on-eof exercise are close-wait-fixed's,
// with their words. Program output and what the kernel showed (observations) stay as printed.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'CLOSE-WAIT leak: a server that ignores EOF',
    summary: 'The client closes; the server never does: its side sits in CLOSE-WAIT, the client in FIN-WAIT-2.',

    established: 'within 1 s, the client side of :{port} is (or was, in the capture) ESTAB',

    'ignores.step': 'server reads EOF and ignores it',
    'ignores.predict':
      "The client has sent its FIN and the server's program ignores the EOF. What state is the server's socket in?",
    'ignores.closeWait': 'within 1 s, the server side of :{port} is CLOSE-WAIT (FIN received and ACKed, no close yet)',
    'ignores.finWait2': "within 1 s, the client side is FIN-WAIT-2 (its FIN was ACKed; it waits for the server's FIN)",

    'stays.step': 'the leak stays ({ms} ms later)',
    'stays.predict':
      "The server's program still has not closed. Which timer does ss -o show on its CLOSE-WAIT socket, the one that would end it?",
    'stays.still': '{ms} ms later the server side is still CLOSE-WAIT: only close() ends it',
    'stays.noTimer': 'ss -o shows no timer on the CLOSE-WAIT socket: nothing in the kernel will end it',

    'gauge.step': 'TcpCurrEstab, a gauge: does it count the CLOSE-WAIT socket?',
    'gauge.text':
      'TcpCurrEstab counts the CLOSE-WAIT socket as established (kernels from 6.10, and older ones with the backport; other kernels count only ESTABLISHED)',

    'node.step': 'the Node client ended its side and is still running: its FIN-WAIT-2 waits with no timer',
    'node.noTimer':
      "ss -o shows no timer on the Node client's FIN-WAIT-2: its program still holds the socket, so it waits for the server's FIN for ever",

    'orphan.step': "a client that closes and exits, as the seed's Go client does: an orphan in FIN-WAIT-2",
    'orphan.predict':
      'This client closes its socket and exits: no program holds it any more. Which timer does ss -o show on its FIN-WAIT-2 socket?',
    'orphan.finTimeout': "a fresh namespace has tcp_fin_timeout = {s} s (the kernel's default)",
    'orphan.timer':
      "the orphan's FIN-WAIT-2 shows timer:(timewait,…) counting down from tcp_fin_timeout ({s} s): then the kernel frees it",
    'orphan.twoCloseWaits':
      'the server leaks a second CLOSE-WAIT: within 1 s, exactly 2 server-side sockets on :{port} are CLOSE-WAIT',

    // The timers ss -o can show, as the two timer predictions offer them.
    'choice.keepalive': 'keepalive',
    'choice.on': 'on (retransmission)',
    'choice.timewait': 'timewait',
    'choice.none': 'none',

    'iv.unmeasured': '?',
    'iv.pile.q': 'ss shows a pile of sockets in CLOSE-WAIT on a server. What does that mean, and where is the bug?',
    'iv.pile.a':
      "A CLOSE-WAIT socket is one whose peer has closed: the peer's FIN arrived and this host's kernel ACKed it by itself. What is missing is the local application's close(). So a pile of CLOSE-WAIT is a bug in the program that owns those sockets, not in the network and not in the kernel: it read EOF (or stopped reading) and never closed. In this run the server's side of :{port} turned CLOSE-WAIT as soon as the client's FIN came, while the client, from port {clientPort}, sat in FIN-WAIT-2: proof that its FIN had been ACKed. Later the server's socket was still CLOSE-WAIT, and ss -o showed no timer on it: nothing in the kernel will ever end it. A second client made it {count} CLOSE-WAIT sockets, and ss -p named their owner, pid {pid}, the server: one socket and one file descriptor leaked per connection, for as long as the process lives. Only the peers' side is bounded, and only once their programs let go: the client that exited left an orphan in FIN-WAIT-2 whose timer counted down from tcp_fin_timeout ({finTimeout} s; {finLeft} s left when read), after which its kernel frees it, while the server's CLOSE-WAIT stays. {gauge}To find the bug, ask ss -tanp state close-wait who owns the sockets, then look in that program for the read that returns EOF (an empty read, io.EOF, Node's 'end') with no close after it. Restarting the process clears the pile only until it grows back.",
    'iv.pile.gauge':
      'TcpCurrEstab read {gauge} with {estab} ESTAB and {closeWait} CLOSE-WAIT sockets: this kernel counts CLOSE-WAIT as established, so a graph of "established connections" counts the leak too. ',
    'iv.pile.gaugeOld':
      'TcpCurrEstab read {gauge} with {estab} ESTAB and {closeWait} CLOSE-WAIT sockets: this kernel counts only ESTABLISHED, so a graph of "established connections" does not show the leak at all. ',
    'iv.pile.f1': "Why is the client's socket in FIN-WAIT-2 and not TIME-WAIT?",
    'iv.pile.f2': 'Could keepalive or a sysctl clean up the CLOSE-WAIT sockets for you?',
    'iv.pile.f3': 'As the pile grows, what runs out first: memory, ports or file descriptors?',
    'iv.pile.f4': 'The code does call close(), yet CLOSE-WAIT still piles up. Where else can the close be lost?',
    'iv.pile.myth.claim':
      "CLOSE-WAIT means the server's program never sent the ACK: it did not answer the active closer's FIN.",
    'iv.pile.myth.truth':
      "The kernel ACKs a FIN by itself, whatever the program does: the client's side reached FIN-WAIT-2, which it only does once its FIN is ACKed. What the server's program has not done is close its own side.",
  },
  zh: {
    title: 'CLOSE-WAIT 泄漏：不理会 EOF 的服务器',
    summary: '客户端关闭了，服务器却始终不关：服务端一侧停在 CLOSE-WAIT，客户端停在 FIN-WAIT-2。',

    established: '1 秒内，:{port} 的客户端一侧处于（或者抓包显示曾经处于）ESTAB',

    'ignores.step': '服务器读到 EOF，却置之不理',
    'ignores.predict': '客户端已经发出 FIN，服务器程序却对 EOF 置之不理。服务器的套接字处于什么状态？',
    'ignores.closeWait': '1 秒内，:{port} 的服务端一侧进入 CLOSE-WAIT（FIN 已收到并确认，但还没有 close）',
    'ignores.finWait2': '1 秒内，客户端一侧进入 FIN-WAIT-2（它的 FIN 已被确认；它在等服务器的 FIN）',

    'stays.step': '泄漏一直在（{ms} 毫秒后）',
    'stays.predict':
      '服务器程序还是没有关闭。ss -o 在它的 CLOSE-WAIT 套接字上显示哪个定时器，也就是最终会结束它的那个？',
    'stays.still': '{ms} 毫秒后，服务端一侧仍是 CLOSE-WAIT：只有 close() 能结束它',
    'stays.noTimer': 'ss -o 在这个 CLOSE-WAIT 套接字上看不到任何定时器：内核里没有什么会去结束它',

    'gauge.step': 'TcpCurrEstab 是个计量值：它把 CLOSE-WAIT 套接字算进去吗？',
    'gauge.text':
      'TcpCurrEstab 把这个 CLOSE-WAIT 套接字算作已建立的连接（6.10 起的内核，以及合入了这个补丁的旧内核；其他内核只算 ESTABLISHED）',

    'node.step': 'Node 客户端结束了自己这一端，但进程还在：它的 FIN-WAIT-2 没有定时器，一直等下去',
    'node.noTimer':
      'ss -o 在 Node 客户端的 FIN-WAIT-2 上看不到定时器：程序还持有这个套接字，所以它会无限期地等服务器的 FIN',

    'orphan.step': '像 seed 里的 Go 客户端那样关闭后直接退出：留下一个处于 FIN-WAIT-2 的孤儿套接字',
    'orphan.predict':
      '这个客户端关闭套接字后就退出了：再没有程序持有它。ss -o 在它的 FIN-WAIT-2 套接字上显示哪个定时器？',
    'orphan.finTimeout': '新建的网络命名空间里 tcp_fin_timeout = {s} 秒（内核默认值）',
    'orphan.timer':
      '孤儿套接字的 FIN-WAIT-2 显示 timer:(timewait,…)，从 tcp_fin_timeout（{s} 秒）往下数：到点后内核释放它',
    'orphan.twoCloseWaits': '服务器又泄漏了一个 CLOSE-WAIT：1 秒内，:{port} 的服务端一侧恰好有 2 个 CLOSE-WAIT 套接字',

    'choice.keepalive': 'keepalive',
    'choice.on': 'on（重传）',
    'choice.timewait': 'timewait',
    'choice.none': '没有定时器',

    'iv.unmeasured': '?',
    'iv.pile.q': 'ss 显示一台服务器上堆积了大量 CLOSE-WAIT 套接字。这说明什么？bug 在哪里？',
    'iv.pile.a':
      "CLOSE-WAIT 套接字的对端已经关闭了：对端的 FIN 到了，本机内核自己回了 ACK。缺的是本机应用程序的 close()。所以 CLOSE-WAIT 堆积是持有这些套接字的那个程序的 bug，既不是网络的问题，也不是内核的问题：它读到了 EOF（或者干脆不再读），却从没关闭。本次运行中，客户端的 FIN 一到，:{port} 的服务端一侧就变成了 CLOSE-WAIT，而端口 {clientPort} 上的客户端停在 FIN-WAIT-2，这证明它的 FIN 已经被确认。过了一段时间，服务端的套接字仍是 CLOSE-WAIT，ss -o 在它上面看不到任何定时器：内核里没有什么会去结束它。第二个客户端来过之后，CLOSE-WAIT 变成了 {count} 个，ss -p 显示它们的主人是 pid {pid}，也就是服务器：每条连接泄漏一个套接字和一个文件描述符，进程活多久就泄漏多久。有期限的只是对端那一侧，而且要等对端程序放手：退出的那个客户端留下一个 FIN-WAIT-2 孤儿套接字，它的定时器从 tcp_fin_timeout（{finTimeout} 秒；读到时还剩 {finLeft} 秒）往下数，到点后对端内核就释放它，服务端的 CLOSE-WAIT 却一直留着。{gauge}要找 bug，先用 ss -tanp state close-wait 看这些套接字归谁，再去那个程序里找返回 EOF 的读操作（读到空数据、io.EOF、Node 的 'end' 事件）后面缺了的那次 close。重启进程只能把堆积清掉，过一阵它还会长回来。",
    'iv.pile.gauge':
      'TcpCurrEstab 读数为 {gauge}，而 ss 数到 {estab} 个 ESTAB、{closeWait} 个 CLOSE-WAIT：这个内核把 CLOSE-WAIT 也算作已建立，所以监控里“已建立连接数”的曲线会把泄漏一起算进去。',
    'iv.pile.gaugeOld':
      'TcpCurrEstab 读数为 {gauge}，而 ss 数到 {estab} 个 ESTAB、{closeWait} 个 CLOSE-WAIT：这个内核只算 ESTABLISHED，所以监控里“已建立连接数”的曲线根本看不出泄漏。',
    'iv.pile.f1': '为什么客户端的套接字停在 FIN-WAIT-2，而不是 TIME-WAIT？',
    'iv.pile.f2': 'keepalive 或者某个 sysctl 能替你清掉这些 CLOSE-WAIT 吗？',
    'iv.pile.f3': '堆积越来越多，最先耗尽的是什么：内存、端口，还是文件描述符？',
    'iv.pile.f4': '代码里明明调用了 close()，CLOSE-WAIT 却还在堆积。close 还可能丢在哪里？',
    'iv.pile.myth.claim': 'CLOSE-WAIT 说明服务器程序没有发 ACK：它没有回应主动关闭方的 FIN。',
    'iv.pile.myth.truth':
      '不管程序做什么，内核都会自己确认 FIN：客户端一侧进入了 FIN-WAIT-2，而只有在它的 FIN 被确认之后才会这样。服务器程序没做的，是关闭自己这一端。',
  },
});

export const t = translator(messages);
