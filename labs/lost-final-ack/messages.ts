// lost-final-ack in both languages: every word a learner reads (the plan, the predictions,
// the interview). Program output and what the kernel showed (observations) stay as printed.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'Lost final ACK: what TIME-WAIT is for',
    summary:
      "nft drops the active closer's last ACK: the server in LAST-ACK sends its FIN again and the client's TIME-WAIT answers it, restarting its 60 s; with no TIME-WAIT (tcp_max_tw_buckets=0) the same FIN meets a RST.",
    'step.listens': 'the server listens on :{port}',
    'step.twoClients': 'two clients connect and say hello; the second waits for its turn',
    'act.learnPort': 'note the port the {role} dialed from (it prints it)',
    'nft.why': "drop every bare ACK from a client on arrival: after the hello, the only one left is the close's last",
    'wait.ackOfFin': "the {role}'s ACK of the server's FIN",
    'wait.finAgain': "the server's FIN sent again, and what answers it",

    'lost.step': 'the client shuts down: FIN →, ← FIN, and its last ACK is lost',
    'lost.say': 'Which states are the two ends in now?',
    'lost.predict': "The client's last ACK was dropped before the server saw it. What state is the server's socket in?",
    'lost.sent': "the capture shows the server's FIN and the client's ACK of it (which nft dropped on arrival)",
    'lost.lastAck':
      "ss -o shows the server's socket in LAST-ACK with its retransmission timer on: it waits for an ACK that never came",
    'lost.timeWait':
      "the client's socket is in TIME-WAIT, its timer due 60 s after the server's FIN came in and it sent the ACK",

    'again.step': 'ACKs pass again; ≈ {ms} ms after its FIN the server sends it again, and TIME-WAIT answers',
    'again.predict':
      "ACKs may pass again, and the server sends the same FIN a second time. What does the client's TIME-WAIT socket send back?",
    'again.lastAckEnds':
      'the server side leaves LAST-ACK at the next resend: an ACK got through and its close is complete',
    'again.finResent': 'the server sent the same FIN again ≈ {ms} ms after the first ({slack})',
    'again.acksAgain': "the client's TIME-WAIT answers the resent FIN with the same ACK",
    'again.noRst': 'no RST either way: both ends closed cleanly',
    'again.restarted':
      "the client's TIME-WAIT timer restarted: it now fires 60 s after the repeated FIN it last answered, not the first",
    'again.counted': 'TcpRetransSegs grew: the kernel counts the resent FIN as a retransmission',
    'again.lossProbe': 'TcpExtTCPLossProbes grew: the first resend was a tail loss probe, not yet the RTO',

    'none.step': 'no TIME-WAIT to answer: {sysctl}=0 in this namespace, the second client, the same lost ACK',
    'none.predict':
      "With {sysctl}=0 the second client's kernel keeps no TIME-WAIT. The server sends its FIN again: what comes back from the client's port?",
    'none.overflow':
      "TcpExtTCPTimeWaitOverflow grew by exactly 1: the client's kernel kept no TIME-WAIT, it closed the socket outright",
    'none.noSecond': "the client side still holds just the first client's TIME-WAIT: the second left none",
    'none.rst': 'the resent FIN is answered by a RST from the client port: no socket there remembers the connection',
    'none.outRsts': 'TcpOutRsts grew by exactly 1: the RST sent for a segment to a port with no socket',
    'none.rstEnds':
      "within 1 s, the server's LAST-ACK is gone: ended by the RST (an error, ECONNRESET, on a socket nobody holds)",
    'none.unaware':
      "the server's program never heard of it: it reported the socket closed with no error when it handed over its FIN",

    'choice.nothing': 'nothing',

    'iv.unmeasured': '?',
    'iv.why.q': 'Why does the last ACK of a close matter — what is TIME-WAIT for?',
    'iv.why.a':
      "Every segment of a close is acknowledged except the active closer's last ACK, and nobody acknowledges an ACK: if it is lost, only the passive closer finds out, by never getting it. In this run nft dropped it; the server stayed in LAST-ACK with its retransmission timer on ({lastAckTimer} s to go) and sent the same FIN again {gapMs} ms later. The client's socket was in TIME-WAIT ({leftS} s left when first read), so its kernel still knew the connection and answered with the same ACK; the server closed cleanly. TIME-WAIT exists for that: the side that closed first keeps the connection's state after its program let go, so it can acknowledge a FIN that comes again (and, second, so a stray old segment cannot land in a new connection with the same four ports). Without it (tcp_max_tw_buckets=0, the second client), the same resent FIN met a RST from port {rstPort}, and the server's close ended in a reset instead of a clean close.",
    'iv.why.f1': 'Why does Linux keep TIME-WAIT 60 s, whatever the MSL?',
    'iv.why.f2': 'Which side ends up in TIME-WAIT, and how can a server avoid holding it?',
    'iv.why.f3': "Does the passive closer's program ever learn that its FIN went unanswered?",
    'iv.why.f4': 'What is the second reason for TIME-WAIT, the one about old duplicate segments?',
    'iv.why.myth.claim':
      'TIME-WAIT lasts two MSLs, 30 s on Linux: one MSL for the last ACK to reach the peer and one for its resent FIN to come back.',
    'iv.why.myth.truth':
      "The resent FIN came a fraction of a second after the first, on the server's retransmission timer (the run above measured the gap), not an MSL later; and Linux does not use the MSL at all: TIME-WAIT is TCP_TIMEWAIT_LEN, 60 s (include/net/tcp.h), started again by every repeated FIN.",

    'iv.restart.q': 'Can a TIME-WAIT last longer than 60 s?',
    'iv.restart.a':
      "Yes. The kernel resets a TIME-WAIT's timer to the full 60 s each time it answers a repeated FIN (tcp_timewait_state_process() in net/ipv4/tcp_minisocks.c). In this run the first reading had {leftS} s left; after the server's FIN came again, {gapMs} ms after the first, the timer was due {movedMs} ms later than that first reading said: 60 s after the FIN it last answered. A peer that keeps losing our ACKs keeps our TIME-WAIT alive, and it ends 60 s after the last time the peer asked.",
    'iv.restart.f1': 'How would you read a TIME-WAIT timer finer than the whole seconds ss -o shows?',
    'iv.restart.f2': 'What else can end a TIME-WAIT early (a new SYN, tcp_tw_reuse, a RST)?',
    'iv.restart.f3': 'Why was the first resend a tail loss probe rather than the RTO?',

    'iv.buckets.q': 'What happens when a host has no room left for TIME-WAIT sockets (tcp_max_tw_buckets)?',
    'iv.buckets.a':
      "The kernel skips TIME-WAIT for every further close: the socket is destroyed at once, and TcpExtTCPTimeWaitOverflow counts it (here it grew by {overflow}, for the second client, with tcp_max_tw_buckets=0 in the namespace; the client side still held {timeWaits} TIME-WAIT, the first client's). Nothing goes wrong until a segment of that connection comes again: here the server's FIN, resent because its ACK was lost, found no socket on port {rstPort} and was answered with a RST (TcpOutRsts +{outRsts}); the RST ended the server's LAST-ACK as a reset. The server's program had long been told \"closed, no error\" and never heard of it. So the cap trades correctness of the close for memory; hitting it is a sign of too many short connections, not a setting to tune away.",
    'iv.buckets.f1': 'How would you see on a live host that the cap is being hit?',
    'iv.buckets.f2': 'Is tcp_max_tw_buckets global or per network namespace on your kernel?',
    'iv.buckets.f3': 'What would you change in the application instead of raising the cap?',
  },
  zh: {
    title: '丢失的最后一个 ACK：TIME-WAIT 的用处',
    summary:
      'nft 丢掉主动关闭方的最后一个 ACK：处于 LAST-ACK 的服务端重发 FIN，客户端的 TIME-WAIT 应答它，并把 60 秒重新计起；不保留 TIME-WAIT（tcp_max_tw_buckets=0）时，同一个 FIN 换来的是 RST。',
    'step.listens': '服务端监听 :{port}',
    'step.twoClients': '两个客户端建立连接并发送 hello；第二个先等着轮到它',
    'act.learnPort': '记下 {role} 拨号所用的本地端口（它会打印出来）',
    'nft.why': '在入口丢掉客户端发来的所有纯 ACK：hello 之后，剩下的纯 ACK 只有关闭时的最后一个',
    'wait.ackOfFin': '{role} 对服务端 FIN 的 ACK',
    'wait.finAgain': '服务端重发的 FIN，以及对它的应答',

    'lost.step': '客户端关闭：FIN →，← FIN，它的最后一个 ACK 丢了',
    'lost.say': '现在两端各处于什么状态？',
    'lost.predict': '客户端的最后一个 ACK 在到达服务端之前被丢掉了。服务端的套接字处于什么状态？',
    'lost.sent': '抓包里有服务端的 FIN，也有客户端对它的 ACK（这个 ACK 一到达就被 nft 丢掉了）',
    'lost.lastAck': 'ss -o 显示服务端套接字处于 LAST-ACK，重传定时器在走：它在等一个永远不会来的 ACK',
    'lost.timeWait': '客户端套接字处于 TIME-WAIT，定时器在它收到服务端 FIN、发出 ACK 之后 60 秒到期',

    'again.step': 'ACK 恢复放行；服务端在发出 FIN 约 {ms} 毫秒后重发它，由 TIME-WAIT 来应答',
    'again.predict': 'ACK 恢复放行，服务端第二次发出同一个 FIN。客户端处于 TIME-WAIT 的套接字会回什么？',
    'again.lastAckEnds': '下一次重发之后，服务端离开 LAST-ACK：有一个 ACK 送到了，它的关闭完成',
    'again.finResent': '服务端在第一次之后约 {ms} 毫秒重发了同一个 FIN（{slack}）',
    'again.acksAgain': '客户端的 TIME-WAIT 用同一个 ACK 应答重发的 FIN',
    'again.noRst': '双方都没有发 RST：两端都正常关闭',
    'again.restarted': '客户端的 TIME-WAIT 定时器重新计时：现在它在最后应答的那个重发 FIN 之后 60 秒到期，而不是第一个',
    'again.counted': 'TcpRetransSegs 增加：内核把重发的 FIN 记作一次重传',
    'again.lossProbe': 'TcpExtTCPLossProbes 增加：第一次重发是尾部丢失探测（TLP），还轮不到 RTO',

    'none.step': '没有 TIME-WAIT 来应答：本命名空间 {sysctl}=0，第二个客户端，同样丢掉最后一个 ACK',
    'none.predict': '{sysctl}=0 时，第二个客户端的内核不保留 TIME-WAIT。服务端重发 FIN：客户端那个端口会回什么？',
    'none.overflow': 'TcpExtTCPTimeWaitOverflow 恰好增加 1：客户端内核没有保留 TIME-WAIT，直接把套接字关掉了',
    'none.noSecond': '客户端一侧仍然只有第一个客户端的 TIME-WAIT：第二个一个也没留下',
    'none.rst': '重发的 FIN 换来客户端端口发出的 RST：那里已经没有套接字记得这条连接',
    'none.outRsts': 'TcpOutRsts 恰好增加 1：这是对发往无套接字端口的报文回的 RST',
    'none.rstEnds': '1 秒内服务端的 LAST-ACK 消失：被 RST 结束（一个 ECONNRESET 错误，落在没人持有的套接字上）',
    'none.unaware': '服务端程序对此一无所知：它交出 FIN 的时候，就已报告套接字关闭、没有错误',

    'choice.nothing': '什么也不回',

    'iv.unmeasured': '?',
    'iv.why.q': '为什么关闭时的最后一个 ACK 很重要？TIME-WAIT 是干什么用的？',
    'iv.why.a':
      '四次挥手里每个报文都有人确认，只有主动关闭方的最后一个 ACK 没有：没人会去确认一个 ACK。它丢了，只有被动关闭方会发觉，因为它一直等不到。本次运行里 nft 丢掉了它；服务端停在 LAST-ACK，重传定时器在走（还剩 {lastAckTimer} 秒），{gapMs} 毫秒后重发了同一个 FIN。客户端的套接字处于 TIME-WAIT（第一次读到时还剩 {leftS} 秒），所以它的内核仍然记得这条连接，回了同一个 ACK，服务端正常关闭。TIME-WAIT 就是为此而存在的：先关闭的一方在程序放手之后仍保留连接的状态，以便再次确认重发来的 FIN（其次，让迷路的旧报文不会混进四元组相同的新连接）。没有它时（tcp_max_tw_buckets=0，第二个客户端），同样重发的 FIN 换来端口 {rstPort} 发出的 RST，服务端的关闭以复位告终，而不是正常结束。',
    'iv.why.f1': '为什么 Linux 的 TIME-WAIT 固定是 60 秒，而与 MSL 无关？',
    'iv.why.f2': '哪一方会进入 TIME-WAIT？服务端怎样才能不持有它？',
    'iv.why.f3': '被动关闭方的程序能知道自己的 FIN 没有得到确认吗？',
    'iv.why.f4': 'TIME-WAIT 的第二个理由，即关于旧的重复报文的那个，是什么？',
    'iv.why.myth.claim':
      'TIME-WAIT 持续 2MSL，在 Linux 上是 30 秒：一个 MSL 让最后的 ACK 到达对端，另一个 MSL 让对端重发的 FIN 回来。',
    'iv.why.myth.truth':
      '重发的 FIN 在第一个之后不到一秒就来了，靠的是服务端的重传定时器（上面的运行量出了这个间隔），而不是等了一个 MSL；而且 Linux 根本不用 MSL：TIME-WAIT 就是 TCP_TIMEWAIT_LEN，60 秒（include/net/tcp.h），每来一个重复的 FIN 就重新计时。',

    'iv.restart.q': '一个 TIME-WAIT 能持续超过 60 秒吗？',
    'iv.restart.a':
      '能。内核每应答一次重复的 FIN，就把 TIME-WAIT 定时器重置为完整的 60 秒（net/ipv4/tcp_minisocks.c 的 tcp_timewait_state_process()）。本次运行第一次读到时还剩 {leftS} 秒；服务端在第一个 FIN 之后 {gapMs} 毫秒重发 FIN，此后定时器的到期时刻比第一次读数推迟了 {movedMs} 毫秒：变成最后应答的那个 FIN 之后 60 秒。对端不断丢失我们的 ACK，我们的 TIME-WAIT 就一直活着，直到对端最后一次发问之后 60 秒才结束。',
    'iv.restart.f1': 'ss -o 只显示整秒，怎样更精细地读 TIME-WAIT 定时器？',
    'iv.restart.f2': '还有什么能提前结束一个 TIME-WAIT（新的 SYN、tcp_tw_reuse、RST）？',
    'iv.restart.f3': '为什么第一次重发是尾部丢失探测，而不是 RTO？',

    'iv.buckets.q': '当主机再也放不下 TIME-WAIT 套接字（tcp_max_tw_buckets）时会怎样？',
    'iv.buckets.a':
      '之后的每一次关闭，内核都跳过 TIME-WAIT：套接字立即销毁，记入 TcpExtTCPTimeWaitOverflow（本次它增加了 {overflow}，对应第二个客户端，命名空间里 tcp_max_tw_buckets=0；客户端一侧仍只有 {timeWaits} 个 TIME-WAIT，是第一个客户端的）。在这条连接的报文再次到来之前，一切看似正常：这里服务端因为 ACK 丢失而重发的 FIN，在端口 {rstPort} 找不到套接字，得到一个 RST（TcpOutRsts +{outRsts}）；这个 RST 以复位结束了服务端的 LAST-ACK。服务端程序早已被告知“已关闭、无错误”，对此毫不知情。所以这个上限是用关闭的正确性换内存；碰到它，说明短连接太多，而不是一个该调大了事的参数。',
    'iv.buckets.f1': '在线上主机上，怎样看出这个上限正在被触发？',
    'iv.buckets.f2': '在你的内核上，tcp_max_tw_buckets 是全局的，还是每个网络命名空间一份？',
    'iv.buckets.f3': '与其调大上限，你会在应用里改什么？',
  },
});

export const t = translator(messages);
