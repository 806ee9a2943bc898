// handshake in both languages: every word a learner reads (the plan, the predictions, the
// interview). Program output and what the kernel showed (observations) stay as printed.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'Three-way handshake and four-way close, packet by packet',
    summary:
      'tcpdump shows SYN (seq x), SYN/ACK (seq y, ack x+1) and a bare ACK (ack y+1); holding the SYN/ACK freezes the client in SYN-SENT and the server in SYN-RECV until the kernel retransmits; the client closes first and ends in TIME-WAIT.',

    'hold.step': 'nft holds SYN/ACKs from :{port}, the server listens',
    'hold.nftWhy': "drop the server's SYN/ACKs before they reach the wire",
    'held.step': 'the client connects (SYN →); its SYN/ACK is held',
    'held.predict': "The server's SYN/ACK never reaches the wire. What state is the server side of the connection in?",
    'act.readLinear': 'read {sysctl} (absent before 6.5): when the client will resend its SYN',
    'seen.syn': 'SYN from the client',
    'held.clientSynSent': 'within 1 s, the client is SYN-SENT, its SYN retransmission timer running (timer:(on,…))',
    'held.serverSynRecv':
      'within 1 s, the server side is SYN-RECV (a request socket, no process yet), its SYN/ACK retransmission timer running',
    'act.releaseAt': 'remember when the release began',
    'note.released': 'released: the next SYN/ACK may pass (the kernel retransmits it; it does not keep a copy)',

    'hs.step': 'the retransmitted SYN/ACK completes the handshake (← SYN/ACK, ACK →)',
    'hs.predict': "Which flags does the client's third segment of the handshake carry?",
    'act.readConnect': "read how long the client's connect() took",
    'seen.third': 'third handshake segment',
    'hs.held':
      'the SYN/ACK crossed the wire only after the release, at a retransmission: 1 s after the SYN, the initial timeout (a later retransmission of either side, had the release come late), {slack}',
    'hs.numbers': 'the capture shows SYN seq x, SYN/ACK seq y ack x+1, ACK ack y+1 (and a retransmitted SYN keeps x)',
    'hs.third': 'the third segment carries ACK and not SYN (seed 001 writes SYN=1 there)',
    'hs.tcpdumpDefault':
      'tcpdump without -S prints the SYN as seq x, its real number (not 1), and only later segments relative to it: the third segment reads ack 1',
    'hs.connect': "the client's connect() took at least {ms} ms: one lost SYN/ACK costs the initial 1 s timeout",
    'hs.synRetrans': 'TcpExtTCPSynRetrans (SYN and SYN/ACK retransmissions) grew by at least 1',

    'data.step': 'the client writes "Connect success" (data →)',
    'data.x1':
      'the first data byte is numbered x+1 (the SYN used one sequence number), and the server ACKs the end of it',
    'close.step': 'the client closes first (FIN →); the server kernel ACKs it (← ACK)',
    'close.predict':
      "The client has sent its FIN, and the server's kernel has ACKed it; the server program has not closed. What state is the server side in?",
    'seen.ackOfFirst': "server's ACK of the client's FIN",
    'close.delayed':
      "the server's kernel ACKs the FIN by itself, but not at once: ≥ {ms} ms later (a delayed ACK, about 40 ms), in case its program closes and the ACK can ride on its FIN",
    'close.delayedCounted': 'TcpExtDelayedACKs grew: that ACK left when the delayed-ACK timer fired',
    'close.serverCloseWait':
      'within 1 s, the server side is CLOSE-WAIT: its kernel ACKed the FIN, its program has not closed',
    'end.step': 'the server closes (← FIN); the client ACKs it and holds TIME-WAIT',
    'end.predict': "The client closed first. Once it has ACKed the server's FIN, what state is the client's socket in?",
    'seen.lastAck': "client's ACK of the server's FIN",
    'end.four': 'the close is four segments: client FIN/ACK →, ← ACK, ← FIN/ACK (ack = its FIN + 1), ACK →',
    'end.finsAck': 'every FIN carries ACK (seed 001 writes FIN=1, ACK=0)',
    'end.timeWait':
      'within 1 s, the client, which closed first, is TIME-WAIT, its timer counting down from 60 s (seed 002 says 30 s)',
    'end.lastAckGone': 'within 1 s, the server side has left LAST-ACK (the last ACK arrived)',
    'end.noTimeWait': 'the server, the passive closer, holds no TIME-WAIT',

    'iv.unmeasured': '?',
    'iv.three.q': 'Why does a TCP handshake take three segments, not two?',
    'iv.three.a':
      "Each side chooses its own initial sequence number, and each must learn that the other received it. In this run the client's SYN carried x = {x}; the server's SYN/ACK carried its own y = {y} with ack {x1} (x+1), confirming x and announcing y in one segment, which is why it is three and not four. The third segment, ack {y1} (y+1), is the server's only proof that y arrived, and it is a bare ACK (flags [.]). With two, the server could not know its sequence number got through, and it would commit a connection to every SYN, an old duplicate or a forged source included (RFC 9293 §3.5). The run shows the server waiting for that proof: while nft held its SYN/ACK, the server side sat in SYN-RECV, a request socket with no process and a retransmission timer, and the client in SYN-SENT; the SYN/ACK crossed the wire {delayMs} ms after the SYN, at a retransmission, and only the third segment made both sides ESTAB. The client's connect() took {connectMs} ms.",
    'iv.three.f1': 'What does the server keep for a connection in SYN-RECV, and in which queue?',
    'iv.three.f2': 'Why are initial sequence numbers not simply 0?',
    'iv.three.f3': 'What does a SYN flood exploit in this exchange, and what do SYN cookies give up?',
    'iv.three.f4': 'Can data ride in the SYN, and what does TCP Fast Open risk?',
    'iv.three.myth.claim': 'The third segment of the handshake is sent with SYN set as well as ACK.',
    'iv.three.myth.truth':
      'The capture shows the third segment as a bare ACK (flags [.]): each side sends exactly one SYN, and each SYN takes one sequence number, which is why the acknowledgements read x+1 and y+1.',

    'iv.four.q': 'Why does closing a connection take four segments when opening takes three?',
    'iv.four.a':
      "Because each direction closes on its own: a FIN says \"I will send nothing more\", and the other side may still have data to send. In this run the server's kernel ACKed the client's FIN by itself, {delayMs} ms later (a delayed ACK, betting that its program would close and the ACK could ride on its FIN). The program had not closed, so the server side sat in CLOSE-WAIT and the client in FIN-WAIT-2 until it did; then its FIN went, and the client's ACK of it ended the close, with the client in TIME-WAIT: {segments}. When the passive side's program closes within the delayed-ACK time, its ACK and its FIN share a segment and the close takes three. The handshake never waits like that: the server's SYN and its ACK of the client's SYN are both the kernel's to send at once, so they always travel together.",
    'iv.four.f1': 'What is a half-close, and how does a program make one?',
    'iv.four.f2': 'Which side ends up in TIME-WAIT here, and for how long?',
    'iv.four.f3': 'What does a pile of CLOSE-WAIT sockets on a server tell you?',
    'iv.four.myth.claim': 'A FIN is sent with the ACK flag clear.',
    'iv.four.myth.truth':
      'Every FIN in the capture carries ACK (flags [F.]): after the handshake every segment acknowledges what it has received, FINs included.',

    'iv.lost.q': "What happens when the server's SYN/ACK is lost?",
    'iv.lost.a':
      "Both ends stay half-open, each with a retransmission timer running: the client in SYN-SENT, the server side in SYN-RECV (ss -o showed timer:(on,…) on both). The server keeps no copy of the SYN/ACK: it builds it again when its timer fires, and it answers a retransmitted SYN at once. In this run the held SYN/ACK first crossed the wire {delayMs} ms after the SYN, at the {point} s retransmission point (the earliest of them is the initial retransmission timeout, TCP_TIMEOUT_INIT), so the client's connect() took {connectMs} ms; TcpExtTCPSynRetrans grew by {synRetrans}. One lost handshake segment costs at least that initial timeout in connect() latency: connect times bunched near whole seconds point at loss, not at a slow server.",
    'iv.lost.f1': 'How many times does the server resend a SYN/ACK before it gives up, and which sysctl says so?',
    'iv.lost.f2': 'What does tcp_syn_linear_timeouts change on newer kernels?',
    'iv.lost.f3': "Why does the client's retransmitted SYN keep the same sequence number?",
    'iv.lost.myth.claim':
      'A lost segment is resent when the sender sees three duplicate ACKs of it, and that is what makes the handshake reliable.',
    'iv.lost.myth.truth':
      'A lost SYN/ACK leaves nothing to duplicate: no data flows yet, so no ACK can repeat. The handshake is repaired by timers alone, the server resending its SYN/ACK and the client its SYN; the run shows the SYN/ACK crossing the wire only when one of them fired.',
  },
  zh: {
    title: '三次握手与四次挥手，逐个报文看',
    summary:
      'tcpdump 显示 SYN（seq x）、SYN/ACK（seq y，ack x+1）和一个纯 ACK（ack y+1）；扣住 SYN/ACK，客户端就停在 SYN-SENT、服务端停在 SYN-RECV，直到内核重传；客户端先关闭，最后处于 TIME-WAIT。',

    'hold.step': 'nft 扣住 :{port} 发出的 SYN/ACK，服务端开始监听',
    'hold.nftWhy': '在服务端的 SYN/ACK 上线之前把它丢掉',
    'held.step': '客户端发起连接（SYN →）；它的 SYN/ACK 被扣住',
    'held.predict': '服务端的 SYN/ACK 始终发不出去。这条连接在服务端一侧处于什么状态？',
    'act.readLinear': '读取 {sysctl}（6.5 之前没有）：决定客户端何时重发 SYN',
    'seen.syn': '客户端发来的 SYN',
    'held.clientSynSent': '1 秒内客户端处于 SYN-SENT，SYN 重传定时器在走（timer:(on,…)）',
    'held.serverSynRecv': '1 秒内服务端一侧处于 SYN-RECV（一个请求套接字，还没有进程持有），SYN/ACK 重传定时器在走',
    'act.releaseAt': '记下开始放行的时刻',
    'note.released': '已放行：下一个 SYN/ACK 可以通过（内核会重传它；它并不保留副本）',

    'hs.step': '重传的 SYN/ACK 完成握手（← SYN/ACK，ACK →）',
    'hs.predict': '握手的第三个报文，也就是客户端发出的那个，带哪些标志？',
    'act.readConnect': '读取客户端 connect() 用了多久',
    'seen.third': '握手的第三个报文',
    'hs.held':
      'SYN/ACK 在放行之后、在一次重传时才上线：SYN 之后 1 秒，即初始超时（若放行来得晚，则是任一方更晚的一次重传），{slack}',
    'hs.numbers': '抓包显示 SYN seq x，SYN/ACK seq y ack x+1，ACK ack y+1（重传的 SYN 仍用 x）',
    'hs.third': '第三个报文带 ACK、不带 SYN（种子 001 在这里写了 SYN=1）',
    'hs.tcpdumpDefault':
      '不加 -S 时，tcpdump 把 SYN 打印成它真实的序号 x（不是 1），之后的报文才相对它计数：第三个报文显示为 ack 1',
    'hs.connect': '客户端的 connect() 至少用了 {ms} 毫秒：丢一个 SYN/ACK，代价是 1 秒的初始超时',
    'hs.synRetrans': 'TcpExtTCPSynRetrans（SYN 与 SYN/ACK 的重传）至少增加 1',

    'data.step': '客户端写入 "Connect success"（数据 →）',
    'data.x1': '第一个数据字节的序号是 x+1（SYN 占用了一个序号），服务端确认到这段数据的末尾',
    'close.step': '客户端先关闭（FIN →）；服务端内核确认它（← ACK）',
    'close.predict': '客户端发出了 FIN，服务端内核已经确认；服务端程序还没有关闭。服务端一侧处于什么状态？',
    'seen.ackOfFirst': '服务端对客户端 FIN 的 ACK',
    'close.delayed':
      '服务端内核自己确认了这个 FIN，但不是立刻：至少晚 {ms} 毫秒（延迟确认，约 40 毫秒），以防程序随后关闭，ACK 就能搭上它的 FIN',
    'close.delayedCounted': 'TcpExtDelayedACKs 增加：那个 ACK 是延迟确认定时器到期时发出的',
    'close.serverCloseWait': '1 秒内服务端一侧处于 CLOSE-WAIT：内核已确认 FIN，程序还没有关闭',
    'end.step': '服务端关闭（← FIN）；客户端确认它，并进入 TIME-WAIT',
    'end.predict': '客户端先关闭。它确认了服务端的 FIN 之后，客户端的套接字处于什么状态？',
    'seen.lastAck': '客户端对服务端 FIN 的 ACK',
    'end.four': '关闭共四个报文：客户端 FIN/ACK →，← ACK，← FIN/ACK（ack = 客户端的 FIN + 1），ACK →',
    'end.finsAck': '每个 FIN 都带 ACK（种子 001 写的是 FIN=1, ACK=0）',
    'end.timeWait': '1 秒内，先关闭的客户端处于 TIME-WAIT，定时器从 60 秒开始倒数（种子 002 说是 30 秒）',
    'end.lastAckGone': '1 秒内服务端一侧已离开 LAST-ACK（最后的 ACK 到了）',
    'end.noTimeWait': '服务端作为被动关闭方，不持有 TIME-WAIT',

    'iv.unmeasured': '?',
    'iv.three.q': '为什么 TCP 握手要三个报文，两个不行吗？',
    'iv.three.a':
      '双方各自选一个初始序号，而且都必须确认对方收到了它。本次运行里，客户端的 SYN 带着 x = {x}；服务端的 SYN/ACK 带着自己的 y = {y}，ack {x1}（x+1），一个报文里既确认了 x 又宣布了 y，所以是三个而不是四个。第三个报文 ack {y1}（y+1）是服务端唯一能拿到的、证明 y 已送达的凭据，它是一个纯 ACK（flags [.]）。只有两个报文的话，服务端无从知道自己的序号是否送到，只好对每个 SYN 都建立连接，连迷路的旧 SYN 和伪造源地址的 SYN 也不例外（RFC 9293 §3.5）。运行结果也显示服务端在等这份凭据：nft 扣住 SYN/ACK 时，服务端一侧停在 SYN-RECV，是一个没有进程持有、带着重传定时器的请求套接字，客户端停在 SYN-SENT；SYN/ACK 在 SYN 之后 {delayMs} 毫秒、在一次重传时才上线，直到第三个报文到达，双方才都进入 ESTAB。客户端的 connect() 用了 {connectMs} 毫秒。',
    'iv.three.f1': '处于 SYN-RECV 的连接，服务端为它保存了什么？放在哪个队列里？',
    'iv.three.f2': '为什么初始序号不直接从 0 开始？',
    'iv.three.f3': 'SYN 洪水利用了这个过程的哪一点？SYN cookie 又牺牲了什么？',
    'iv.three.f4': '数据能放在 SYN 里吗？TCP Fast Open 有什么风险？',
    'iv.three.myth.claim': '握手的第三个报文除了 ACK，还置了 SYN 标志。',
    'iv.three.myth.truth':
      '抓包显示第三个报文是纯 ACK（flags [.]）：每一方恰好发一个 SYN，每个 SYN 占用一个序号，所以两个确认号分别是 x+1 和 y+1。',

    'iv.four.q': '建立连接是三个报文，为什么关闭连接要四个？',
    'iv.four.a':
      '因为两个方向各关各的：FIN 的意思是“我不会再发了”，而另一方可能还有数据要发。本次运行里，服务端内核在 {delayMs} 毫秒后自己确认了客户端的 FIN（延迟确认，赌程序会随后关闭，ACK 可以搭上它的 FIN）。程序没有关闭，于是服务端一侧停在 CLOSE-WAIT，客户端停在 FIN-WAIT-2，直到程序关闭；这时它的 FIN 才发出，客户端对它的 ACK 结束了这次关闭，客户端进入 TIME-WAIT：{segments}。如果被动关闭方的程序在延迟确认的时间内就关闭，它的 ACK 和 FIN 会合成一个报文，关闭就只要三个。握手从不这样等待：服务端的 SYN 和它对客户端 SYN 的确认都由内核立刻发出，所以总是同乘一个报文。',
    'iv.four.f1': '什么是半关闭？程序怎样做到半关闭？',
    'iv.four.f2': '这里哪一方会进入 TIME-WAIT？持续多久？',
    'iv.four.f3': '服务端上堆积大量 CLOSE-WAIT 套接字，说明了什么？',
    'iv.four.myth.claim': 'FIN 报文发出时不带 ACK 标志。',
    'iv.four.myth.truth':
      '抓包里每个 FIN 都带 ACK（flags [F.]）：握手之后，每个报文都会确认已收到的数据，FIN 也不例外。',

    'iv.lost.q': '服务端的 SYN/ACK 丢了会怎样？',
    'iv.lost.a':
      '两端都停在半开状态，各有一个重传定时器在走：客户端处于 SYN-SENT，服务端一侧处于 SYN-RECV（ss -o 在两边都显示 timer:(on,…)）。服务端并不保留 SYN/ACK 的副本：定时器到期时它重新构造一个发出去，收到重传的 SYN 时也会立即回应。本次运行里，被扣住的 SYN/ACK 在 SYN 之后 {delayMs} 毫秒才第一次上线，落在 {point} 秒这个重传时刻（这些时刻中最早的一个就是初始重传超时 TCP_TIMEOUT_INIT），所以客户端的 connect() 用了 {connectMs} 毫秒；TcpExtTCPSynRetrans 增加了 {synRetrans}。握手丢一个报文，connect() 至少要多等一个初始超时：connect 耗时扎堆在整秒附近，说明的是丢包，而不是服务端慢。',
    'iv.lost.f1': '服务端在放弃之前会重发几次 SYN/ACK？由哪个 sysctl 决定？',
    'iv.lost.f2': '较新的内核上，tcp_syn_linear_timeouts 改变了什么？',
    'iv.lost.f3': '客户端重传的 SYN 为什么保持同一个序号？',
    'iv.lost.myth.claim': '丢失的报文要等发送方收到三个重复 ACK 才会重传，握手的可靠性就靠这个机制。',
    'iv.lost.myth.truth':
      'SYN/ACK 丢了，根本没有什么可以重复：这时还没有数据在流动，也就不会有重复的 ACK。握手只能靠定时器来补救：服务端重发 SYN/ACK，客户端重发 SYN；运行结果显示，SYN/ACK 只在其中某个定时器到期时才上线。',
  },
});

export const t = translator(messages);
