// syn-retries in both languages: every word a learner reads (the plan, the exercise, the
// predictions, the interview). Program output and observations stay as the kernel and the
// programs print them.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'SYN retries: how long connect() waits for a server that never answers',
    summary:
      'A firewall drops every SYN: the client sits in SYN-SENT while its kernel resends the SYN 1 s and 2 s later, and connect() fails with ETIMEDOUT after ≈ {textbook} s (tcp_syn_retries=2); a drop on the way out changes nothing but what tcpdump sees; with linear timeouts the retries come every second, yet the deadline stays {linear} s.',
    'step.listens': 'the server listens on :{port}',
    'step.firewall':
      'a firewall drops every SYN to :{port} on arrival (input hook), and every SYN to :{outputPort} on the way out (output hook)',
    'step.textbookNeeds': 'the textbook schedule needs {sysctl}=0 (the SYN timer doubles)',
    'act.readLinear': 'note what a new namespace reads for {sysctl}',
    'note.linear': 'a new namespace reads {sysctl}={value}',
    'act.readTook': "read how long the {role}'s connect() took (it prints it)",
    'neverCaptured.text': 'tcpdump saw no segment to :{port}: a drop in the output hook comes before the wire',
    'textbook.step':
      'the textbook schedule (tcp_syn_retries={retries}, no linear timeouts): SYN, then 1 s, then 2 s; a second client dials :{outputPort} at the same time',
    'textbook.afterFirst':
      'after the first retry, ss -o shows SYN-SENT timer:(on,…,1): 1 retransmission, the next due within {s} s (the timeout doubled)',
    'textbook.afterSecond':
      'after the second retry, ss -o shows SYN-SENT timer:(on,…,2), due within {s} s: the last wait before giving up',
    'textbook.predict':
      "Every SYN is dropped before the server sees it. After the kernel's first retransmission, what state is the client's socket in?",
    'giveUp.step': '{s} s after the last SYN the kernel gives up: connect() fails with ETIMEDOUT',
    'giveUp.etimedout': 'connect() failed with ETIMEDOUT (the kernel gave up; nothing refused the connection)',
    'giveUp.after':
      "connect() gave up after ≈ {s} s = 1 + 2 + 4, the time synGiveUp({retries}) computes from tcp_write_timeout()'s rule ({window})",
    'giveUp.schedule':
      'tcpdump saw 3 SYNs, 1 s then 2 s apart ({tolerance}), all with the same sequence number: one SYN and {retries} retransmissions',
    'giveUp.counter':
      'TcpExtTCPSynRetrans grew by exactly {n}: {retries} for each client, the SYNs dropped on the way out included',
    'giveUp.socketGone': 'within 1 s, no client socket is left in SYN-SENT',
    'giveUp.serverNeverSaw': 'the server never saw a SYN: no SYN-RECV on its side (the drop came before TCP)',
    'giveUp.predict':
      'Two clients, tcp_syn_retries={retries} each: one loses its SYNs on arrival, the other on the way out. By how much does TcpExtTCPSynRetrans grow in all?',
    'outputDrop.step': 'the SYNs dropped on the way out: the same timer, the same ETIMEDOUT, no EPERM',
    'outputDrop.etimedout':
      'the client whose SYNs nft dropped on the way out also failed with ETIMEDOUT: the EPERM its kernel got from netfilter never reached connect()',
    'outputDrop.after':
      'its connect() gave up after ≈ {s} s as well ({window}): the same doubling timer, not a "local congestion" retry',
    'outputDrop.retransFail':
      'TcpExtTCPRetransFail grew by exactly {n}: each retransmission netfilter refused is counted as failed, and then waited for like any other',
    'linear.step':
      "the kernel's own default (tcp_syn_linear_timeouts={linear}): a SYN every second, same tcp_syn_retries={retries}",
    'linear.after':
      'after {n} retries 1 s apart, ss -o shows SYN-SENT timer:(on,…,{n}), due within {s} s: that expiry is the give-up',
    'linear.predict':
      'tcp_syn_retries is still {retries}, but tcp_syn_linear_timeouts={linear} keeps the first waits at 1 s. How many times will the kernel resend the SYN before it gives up?',
    'linear.giveUpStep': 'more tries, same deadline: connect() still fails after ≈ {s} s',
    'linear.etimedout': 'connect() failed with ETIMEDOUT again',
    'linear.gaveUp':
      'connect() gave up after ≈ {s} s again ({window}): the time limit, {textbook} s for tcp_syn_retries={retries}, came before the count limit ({retries} + {linear} retransmissions)',
    'linear.schedule':
      'tcpdump saw {syns} SYNs 1 s apart ({tolerance}): {n} retransmissions where the textbook schedule fits {retries}',
    'linear.counter': 'TcpExtTCPSynRetrans grew by exactly {n} this time',
    'ex.goal': 'give up on a server that never answers within {s} s, without cutting a connection that succeeded',
    'ex.hint.timer':
      'Start a timer (setTimeout) right after net.connect(); in it, call socket.destroy() and report the timeout.',
    'ex.hint.clear': "Clear that timer in the 'connect' callback: an idle, working connection must stay open.",
    'ex.hint.shortcuts':
      'socket.setTimeout(ms) is an idle timer that keeps running after connect(); AbortSignal.timeout(ms) passed as signal aborts the socket even once connected.',
    'ex.hint.port':
      'Read the port from process.env.PORT and connect to 127.0.0.1; print a line with "connected" once connected.',
    'ex.why': 'Exercise: a client with its own connect timeout',
    'ex.gone': 'within {s} s of its SYN, your client has no socket left in SYN-SENT',
    'ex.goneHint':
      'your client was still in SYN-SENT {s} s after its SYN: it waits for the kernel, which gives up only after {kernel} s ({linear} s with tcp_syn_linear_timeouts=4); start a timer when you call connect() and destroy() the socket when it fires',
    'ex.step.healthy': "the kernel's default tcp_syn_retries={n}; a healthy server listens on :{port}",
    'ex.step.idle': 'your client connects to the healthy server, and stays connected while idle',
    'ex.stillConnected': '{s} s after connecting, idle, your client is still ESTAB: its timeout ended with connect()',
    'ex.stillConnectedHint':
      'your client closed a connection that had succeeded: clear the connect timer in the connect callback (socket.setTimeout and AbortSignal.timeout go on counting after connect())',
    'ex.step.blackHole': 'a firewall drops every SYN to :{port}; your client must give up within {s} s',
    'ex.act.capture': 'note where the capture stands (the first connection is in it too)',
    'ex.wait.syn': 'the SYN of your client',
    'ex.act.synLeft': 'note when that SYN left',
    'ex.act.time': 'time it: the SYN → no SYN-SENT left',
    'ex.withinDeadline': 'your client gave up within {s} s of its SYN (read by polling ss)',
    'ex.withinDeadlineHint': 'your client gave up, but later than {s} s: shorten its connect timeout',
    'ex.kernelDidNot': 'TcpExtTCPAbortOnTimeout did not move: your program gave up, not the kernel',
    'ex.kernelDidNotHint':
      'the kernel aborted the connection on its own timer: that only happens when tcp_syn_retries runs out; give up in your program instead',
    'iv.blackHole.q': 'How long does connect() wait for a server that never answers?',
    'iv.blackHole.a':
      "Until the kernel gives up on the SYN; the program itself retries nothing. Here, with tcp_syn_retries={retries}, tcpdump saw {schedule}: the same SYN and its retransmissions, each wait twice the last. connect() failed with ETIMEDOUT after {tookMs} ms, the 1 + 2 + 4 = {nominal} s the kernel allows (tcp_write_timeout() gives up once the retries are spent or as long has passed as that many doubling waits take, 2^(N+1) − 1 s). ETIMEDOUT means silence: a closed port answers with RST and connect() fails at once with ECONNREFUSED. With Linux's default tcp_syn_retries={defaultRetries} the same rule gives {defaultS} s.{linear}",
    'iv.blackHole.linear':
      ' On this kernel (6.5 and later) tcp_syn_linear_timeouts keeps the first waits at 1 s: {linearSyns} SYNs, {linearSchedule}, and still ETIMEDOUT after {linearMs} ms, because the time limit came first; with both defaults that is {bothDefaultsS} s.',
    'iv.blackHole.noLinear':
      ' This kernel has no tcp_syn_linear_timeouts (it came in 6.5): the doubling schedule is all there is; on newer kernels the default ({linearDefault}) makes the first waits 1 s and the default give-up {bothDefaultsS} s.',
    'iv.schedule': '{n} SYNs at {times}',
    'iv.unmeasured': '(not measured)',
    'iv.blackHole.f1': 'Why ETIMEDOUT here and not ECONNREFUSED? What does a closed port send back?',
    'iv.blackHole.f2':
      'How do you bound connect() in the application, rather than lowering tcp_syn_retries for the whole machine?',
    'iv.blackHole.f3': 'What does tcp_syn_linear_timeouts change, and why does the deadline stay the same?',
    'iv.blackHole.f4': 'What does the TCP_SYNCNT socket option set, and what does it leave alone?',
    'iv.blackHole.myth.claim':
      'A connect() to a dead host gives up after 63 s: 1, 2, 4, 8, 16 s of retries and 32 s more.',
    'iv.blackHole.myth.truth':
      'That is tcp_syn_retries=5. Linux has defaulted to {defaultRetries} since 3.7: {defaultS} s on the doubling schedule, {bothDefaultsS} s with the linear timeouts of 6.5 and later. The run shows the same rule at tcp_syn_retries={retries}, where it gives {nominal} s.',
    'iv.outputDrop.q': 'A local firewall drops your SYN before it leaves the machine. Does connect() fail at once?',
    'iv.outputDrop.a':
      'No. netfilter hands EPERM back to TCP, but TCP treats the refused SYN like one lost on the network: it waits, resends, and doubles the wait. The client whose SYNs nft dropped in the output hook printed "{printed}" and gave up after {tookMs} ms, as long as the client whose SYNs were lost on arrival ({otherMs} ms). tcpdump saw {captured}, and the kernel counted each refused resend ({retransFail}). So a local DROP rule costs the same {nominal} s as a black hole on the network; only REJECT (an RST or ICMP back) fails fast.',
    'iv.outputDrop.f1': "Why does the lab drop the other client's SYNs in the input hook instead?",
    'iv.outputDrop.f2': 'Which counter tells a local drop apart from a loss on the network?',
    'iv.outputDrop.f3': 'What would an nft "reject with tcp reset" rule do to connect()?',
  },
  zh: {
    title: 'SYN 重传：服务端永不应答时，connect() 要等多久',
    summary:
      '防火墙丢弃每一个 SYN：客户端停在 SYN-SENT，内核在 1 秒、2 秒后重传同一个 SYN，约 {textbook} 秒后 connect() 以 ETIMEDOUT 失败（tcp_syn_retries=2）；改在出口丢弃，除了 tcpdump 看到的东西之外什么都不变；开启线性超时后每秒重传一次，期限仍是 {linear} 秒。',
    'step.listens': '服务端监听 :{port}',
    'step.firewall':
      '防火墙在入口（input 钩子）丢弃发往 :{port} 的每个 SYN，在出口（output 钩子）丢弃发往 :{outputPort} 的每个 SYN',
    'step.textbookNeeds': '教科书式的重传节奏需要 {sysctl}=0（SYN 定时器逐次翻倍）',
    'act.readLinear': '记下新网络命名空间里 {sysctl} 的值',
    'note.linear': '新网络命名空间里 {sysctl}={value}',
    'act.readTook': '读出{role}的 connect() 花了多久（程序自己会打印）',
    'neverCaptured.text': 'tcpdump 没有抓到任何发往 :{port} 的报文：output 钩子里的丢弃发生在报文上线之前',
    'textbook.step':
      '教科书式节奏（tcp_syn_retries={retries}，不用线性超时）：先发 SYN，1 秒后重传，再过 2 秒再重传；同时第二个客户端连接 :{outputPort}',
    'textbook.afterFirst':
      '第一次重传之后，ss -o 显示 SYN-SENT timer:(on,…,1)：已重传 1 次，下一次在 {s} 秒内到期（超时翻了一倍）',
    'textbook.afterSecond':
      '第二次重传之后，ss -o 显示 SYN-SENT timer:(on,…,2)，{s} 秒内到期：这是放弃前的最后一次等待',
    'textbook.predict': '每个 SYN 都在到达服务端之前被丢弃。内核第一次重传之后，客户端套接字处于什么状态？',
    'giveUp.step': '最后一个 SYN 发出 {s} 秒后内核放弃：connect() 以 ETIMEDOUT 失败',
    'giveUp.etimedout': 'connect() 以 ETIMEDOUT 失败（是内核自己放弃了，没有任何一方拒绝连接）',
    'giveUp.after':
      'connect() 在约 {s} 秒（= 1 + 2 + 4）后放弃，正是 synGiveUp({retries}) 按 tcp_write_timeout() 的规则算出的时间（{window}）',
    'giveUp.schedule':
      'tcpdump 看到 3 个 SYN，间隔先 1 秒、再 2 秒（{tolerance}），序列号完全相同：一个 SYN 加 {retries} 次重传',
    'giveUp.counter': 'TcpExtTCPSynRetrans 恰好增加 {n}：每个客户端 {retries} 次，在出口被丢弃的 SYN 也计算在内',
    'giveUp.socketGone': '1 秒内，不再有处于 SYN-SENT 的客户端套接字',
    'giveUp.serverNeverSaw': '服务端从没见过 SYN：它那一侧没有 SYN-RECV（丢弃发生在 TCP 之前）',
    'giveUp.predict':
      '两个客户端，各自 tcp_syn_retries={retries}：一个的 SYN 在入口被丢，另一个的在出口被丢。TcpExtTCPSynRetrans 一共增加多少？',
    'outputDrop.step': '在出口被丢弃的 SYN：同一个定时器，同样的 ETIMEDOUT，没有 EPERM',
    'outputDrop.etimedout':
      'SYN 在出口被 nft 丢弃的那个客户端同样以 ETIMEDOUT 失败：内核从 netfilter 拿到的 EPERM 始终没有传给 connect()',
    'outputDrop.after':
      '它的 connect() 同样在约 {s} 秒后放弃（{window}）：同一个逐次翻倍的定时器，并非"本地拥塞"式的快速重试',
    'outputDrop.retransFail':
      'TcpExtTCPRetransFail 恰好增加 {n}：每一次被 netfilter 拒绝的重传都记为失败，随后像其他重传一样照常等待',
    'linear.step': '内核自己的默认值（tcp_syn_linear_timeouts={linear}）：每秒一个 SYN，tcp_syn_retries 仍是 {retries}',
    'linear.after': '以 1 秒间隔重传 {n} 次之后，ss -o 显示 SYN-SENT timer:(on,…,{n})，{s} 秒内到期：这次到期就是放弃',
    'linear.predict':
      'tcp_syn_retries 仍是 {retries}，但 tcp_syn_linear_timeouts={linear} 让前几次等待保持 1 秒。内核放弃之前会重传几次 SYN？',
    'linear.giveUpStep': '重试更多，期限不变：connect() 仍在约 {s} 秒后失败',
    'linear.etimedout': 'connect() 再次以 ETIMEDOUT 失败',
    'linear.gaveUp':
      'connect() 再次在约 {s} 秒后放弃（{window}）：时间上限（tcp_syn_retries={retries} 对应 {textbook} 秒）先于次数上限（{retries} + {linear} 次重传）到达',
    'linear.schedule':
      'tcpdump 看到 {syns} 个 SYN，间隔都是 1 秒（{tolerance}）：{n} 次重传，而同样的时间在教科书式节奏里只够 {retries} 次',
    'linear.counter': '这一次 TcpExtTCPSynRetrans 恰好增加 {n}',
    'ex.goal': '服务端永不应答时在 {s} 秒内放弃，同时不切断已经建立的连接',
    'ex.hint.timer':
      '在 net.connect() 之后立刻启动一个定时器（setTimeout）；定时器到期时调用 socket.destroy() 并报告超时。',
    'ex.hint.clear': "在 'connect' 回调里清除这个定时器：空闲但正常的连接必须保持打开。",
    'ex.hint.shortcuts':
      'socket.setTimeout(ms) 是空闲定时器，connect() 之后仍然在计时；作为 signal 传入的 AbortSignal.timeout(ms) 即使连接已经建立，也会中止套接字。',
    'ex.hint.port': '从 process.env.PORT 读取端口，连接 127.0.0.1；连上之后打印一行含有 "connected" 的文字。',
    'ex.why': '练习：自带连接超时的客户端',
    'ex.gone': '发出 SYN 后 {s} 秒内，你的客户端不再有处于 SYN-SENT 的套接字',
    'ex.goneHint':
      '发出 SYN {s} 秒后，你的客户端仍在 SYN-SENT：它在等内核，而内核要到 {kernel} 秒后才放弃（tcp_syn_linear_timeouts=4 时是 {linear} 秒）；调用 connect() 时就启动定时器，到期时 destroy() 套接字',
    'ex.step.healthy': '内核默认的 tcp_syn_retries={n}；一个正常的服务端监听 :{port}',
    'ex.step.idle': '你的客户端连上正常的服务端，空闲时保持连接',
    'ex.stillConnected': '连上 {s} 秒后，空闲中的客户端仍是 ESTAB：它的超时随 connect() 完成而结束',
    'ex.stillConnectedHint':
      '你的客户端关掉了一条已经建立的连接：要在 connect 回调里清除连接定时器（socket.setTimeout 和 AbortSignal.timeout 在 connect() 之后仍在计时）',
    'ex.step.blackHole': '防火墙丢弃发往 :{port} 的每个 SYN；你的客户端必须在 {s} 秒内放弃',
    'ex.act.capture': '记下抓包此刻的位置（第一条连接也在其中）',
    'ex.wait.syn': '你的客户端发出的 SYN',
    'ex.act.synLeft': '记下这个 SYN 发出的时刻',
    'ex.act.time': '计时：从发出 SYN 到不再有 SYN-SENT',
    'ex.withinDeadline': '你的客户端在发出 SYN 后 {s} 秒内放弃了（通过轮询 ss 读出）',
    'ex.withinDeadlineHint': '你的客户端放弃了，但晚于 {s} 秒：把连接超时调短些',
    'ex.kernelDidNot': 'TcpExtTCPAbortOnTimeout 没有变化：放弃的是你的程序，而不是内核',
    'ex.kernelDidNotHint':
      '内核用它自己的定时器中止了连接：只有 tcp_syn_retries 用完时才会这样；应该由你的程序自己放弃',
    'iv.blackHole.q': '服务端永远不应答时，connect() 会等多久？',
    'iv.blackHole.a':
      '一直等到内核对这个 SYN 死心为止；程序本身什么都不重试。本次运行 tcp_syn_retries={retries}，tcpdump 看到 {schedule}：同一个 SYN 及其重传，每次等待是上一次的两倍。connect() 在 {tookMs} 毫秒后以 ETIMEDOUT 失败，也就是内核允许的 1 + 2 + 4 = {nominal} 秒（tcp_write_timeout() 在重传次数用完、或者经过了这么多次翻倍等待所需的 2^(N+1) − 1 秒时放弃）。ETIMEDOUT 意味着对方一声不吭；端口关闭时对方会回 RST，connect() 立刻以 ECONNREFUSED 失败。按 Linux 默认的 tcp_syn_retries={defaultRetries}，同一规则得出 {defaultS} 秒。{linear}',
    'iv.blackHole.linear':
      '这台机器的内核（6.5 及以后）有 tcp_syn_linear_timeouts，前几次等待保持 1 秒：{linearSyns} 个 SYN，{linearSchedule}，仍在 {linearMs} 毫秒后 ETIMEDOUT，因为时间上限先到；两个默认值合在一起是 {bothDefaultsS} 秒。',
    'iv.blackHole.noLinear':
      '这台机器的内核没有 tcp_syn_linear_timeouts（6.5 才引入），只有翻倍的节奏；在更新的内核上，默认值（{linearDefault}）让前几次等待为 1 秒，默认的放弃时间变成 {bothDefaultsS} 秒。',
    'iv.schedule': '{n} 个 SYN，发出时刻 {times}',
    'iv.unmeasured': '（未测到）',
    'iv.blackHole.f1': '为什么这里是 ETIMEDOUT 而不是 ECONNREFUSED？端口关闭时对方回的是什么？',
    'iv.blackHole.f2': '怎样在应用里给 connect() 设上限，而不是为整台机器调低 tcp_syn_retries？',
    'iv.blackHole.f3': 'tcp_syn_linear_timeouts 改变了什么？为什么期限却没变？',
    'iv.blackHole.f4': '套接字选项 TCP_SYNCNT 设置的是什么，又不管什么？',
    'iv.blackHole.myth.claim': '连接一台宕掉的主机，connect() 在 63 秒后放弃：1、2、4、8、16 秒的重试，再加 32 秒。',
    'iv.blackHole.myth.truth':
      '那是 tcp_syn_retries=5 的情形。Linux 从 3.7 起默认是 {defaultRetries}：按翻倍节奏是 {defaultS} 秒，加上 6.5 以后的线性超时是 {bothDefaultsS} 秒。本次运行在 tcp_syn_retries={retries} 下展示的是同一条规则，对应 {nominal} 秒。',
    'iv.outputDrop.q': '本机防火墙在 SYN 离开机器之前就把它丢了，connect() 会立刻失败吗？',
    'iv.outputDrop.a':
      '不会。netfilter 把 EPERM 交还给 TCP，但 TCP 把这个被拒的 SYN 当作在网络上丢失的处理：等待、重传、等待时间翻倍。SYN 在 output 钩子被 nft 丢弃的客户端打印了 "{printed}"，{tookMs} 毫秒后放弃，和 SYN 在入口丢失的那个客户端（{otherMs} 毫秒）一样久。tcpdump 看到的是：{captured}；内核把每一次被拒的重传都记了下来（{retransFail}）。所以本机的 DROP 规则和网络上的黑洞一样要花 {nominal} 秒；只有 REJECT（回 RST 或 ICMP）才会快速失败。',
    'iv.outputDrop.f1': '为什么实验里另一个客户端的 SYN 要在 input 钩子里丢弃？',
    'iv.outputDrop.f2': '哪个计数器能把本机丢弃和网络上的丢失区分开？',
    'iv.outputDrop.f3': '如果 nft 规则是 "reject with tcp reset"，connect() 会怎样？',
  },
});

export const t = translator(messages);
