// Every word of close-wait-emfile a learner reads, in English and Chinese side by side (also
// together.ts's, which pool-close-wait borrows). Program output and what the kernel showed
// (`observed`) stay as they are.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'CLOSE-WAIT at scale: the leak runs out of file descriptors',
    summary:
      'A leaking server limited to {limit} open files keeps one CLOSE-WAIT per client until accept() fails with EMFILE; Node then accepts and closes at once, so new clients connect and are reset. The fixed server stays flat.',
    // together.ts
    'do.together': 'at once: {actions}',
    'do.together.sep': '; ',
    // steps.ts
    'step.opening':
      'the leaking service listens on :{port}, the fixed one on :{fixedPort}; each may open {limit} files',
    'step.firstBatch': '{n} clients, one after another: each leaves one CLOSE-WAIT and one descriptor',
    'predict.firstBatch': "After {n} clients have hung up, how many of the server's sockets on :{port} are CLOSE-WAIT?",
    'act.noteCapture': 'note where the capture stands',
    'expect.closeWaitPerClient':
      'within 1 s, exactly {n} server-side sockets on :{port} are CLOSE-WAIT, one per client that hung up',
    'expect.fdPerClient': 'the server uses {n} descriptors more than before the clients came',
    'expect.closeWaitEofRead':
      'each shows Recv-Q 0: the program read the EOF (the FIN counts one in Recv-Q until read) and kept the socket',
    'expect.clientsFinWait2':
      "the {n} clients' sockets are FIN-WAIT-2, not TIME-WAIT: their FIN was ACKed, the server's never comes",
    'step.wall': '{n} more clients: CLOSE-WAIT climbs until no descriptor is left',
    'predict.wall': 'Once the server has no descriptor left, what does a new client see?',
    'choice.refused': 'connect() fails with ECONNREFUSED',
    'choice.hangs': 'connect() hangs: its SYN goes unanswered',
    'choice.cutOff': 'it connects, then is cut off with no answer',
    'choice.slow': 'it is served, only later',
    'note.emfile':
      'accept() now fails with EMFILE: libuv closes its spare descriptor, accepts, closes, and reopens the spare',
    'expect.plateau': 'CLOSE-WAIT stops at {limit} minus the descriptors the server held before any client',
    'expect.fdsAtLimit': 'every descriptor below {limit} is in use: the server can open no more',
    'expect.clientsCutOff': 'every client past the limit connected, then was cut off with no answer',
    'expect.everyHandshake': 'TcpPassiveOpens grew by {n}: the kernel completed every handshake, served or not',
    'expect.noListenOverflow': 'TcpExtListenOverflows did not move: the accept queue never filled',
    'expect.listenerQueueEmpty':
      'the listener on :{port} shows Recv-Q 0: libuv drained the accept queue, closing what it took',
    'expect.nodeSaysNothing': 'the server printed no error: Node never reported the EMFILE',
    'step.restart': 'restart the server: its leaked sockets close with it',
    'predict.restart':
      "The leaking server is killed. What state do the served clients' sockets, waiting in FIN-WAIT-2, go to?",
    'expect.restartClears':
      'within 1 s, no server-side socket on :{port} is CLOSE-WAIT: the kernel closed them when the process died',
    'expect.servedTimeWait':
      "the served clients' orphaned FIN-WAIT-2 sockets got the server's FIN at last: one TIME-WAIT each",
    'step.fixed': 'the fixed server (closes on EOF) on :{port}, same limit, same {n} clients',
    'expect.fixedServesAll': 'all {n} clients were served',
    'expect.fixedFdsFlat': 'the fixed server uses as many descriptors as before the clients came',
    'expect.clientsTimeWait': 'the {n} clients of :{port}, who closed first, each hold a TIME-WAIT',
    // checks.ts
    'expect.resetPerCutOff':
      'the capture shows a RST from :{port} on every connection the server cut off, and none on those it served',
    'expect.rstCounters':
      'TcpOutRsts grew by the number of clients cut off, one RST each; TcpExtTCPAbortOnClose by those that saw ECONNRESET',
    // fd-limit.ts
    'act.prlimit': 'prlimit --pid <pid listening on :{port}> --nofile={limit}:{limit}',
    'error.noListener': 'ss shows no process listening on :{port}',
    'note.limit': 'pid {pid} may now use descriptors 0–{max}; {n} of them are taken{above}',
    'note.limitAbove': ' (and {n} above, inherited)',
    'placeholder.pid': '<server pid>',
    'expect.fdLimit': 'the server may open at most {limit} files (soft and hard RLIMIT_NOFILE), and holds some already',
    'expect.noSpareOnRoot': 'no descriptor of the server points at / yet (libuv keeps its spare on /dev/null)',
    'expect.spareOnRoot':
      "the server now holds a descriptor on / : libuv's spare, closed to accept and reopened after the EMFILE",
    // exercise.ts
    'ex.step.listens': 'your server listens on :{port}; the kit lowers its open-file limit to {limit}',
    'ex.step.stream': '{n} clients, {atOnce} at a time: each sends a request, reads the answer and hangs up',
    'ex.expect.allServed': 'every one of the {n} clients got an answer',
    'ex.hint.allServed':
      'some clients connected and were cut off without an answer: your server ran out of descriptors, because it keeps every socket whose client hung up (CLOSE-WAIT); close yours when you read EOF',
    'ex.expect.noCloseWait': 'within 1 s of the last client, no server-side socket on :{port} is CLOSE-WAIT',
    'ex.hint.noCloseWait':
      "sockets stayed CLOSE-WAIT: your server read the client's EOF and never closed; call end() (or destroy()) in the 'end' handler",
    'ex.expect.noResets': 'TcpOutRsts did not move: the kernel reset no connection',
    'ex.hint.noResets':
      'the kernel reset connections: your server closed some with a request still unread, or before reading it (or ran out of descriptors and Node cut clients off)',
    'ex.goal':
      'answer {n} short-lived clients with at most {limit} open files: close each connection when its client hangs up',
    'ex.hint.1': "Answer each request (write a line back), then, in the socket's 'end' handler, call socket.end().",
    'ex.hint.2':
      'With allowHalfOpen: true Node leaves closing to you; with the default (false) it ends the socket on EOF.',
    'ex.hint.3': 'A descriptor is held from accept() until close(): a socket in CLOSE-WAIT still holds one.',
    'ex.hint.4': 'Run tcplabs run close-wait-emfile to see the leak and the fixed server side by side.',
    'ex.why': 'The fix: close on EOF',
    // interview.ts
    'q.emfile.question': 'accept() fails with EMFILE: what leaked, and what do clients see?',
    'q.emfile.answer':
      "What leaked is sockets, each holding a file descriptor. The server never closed a connection whose client had hung up, so every one stayed CLOSE-WAIT: {plateau} of them at the wall, which with the {baseline} descriptors the process held before any client fills all {limit} slots below RLIMIT_NOFILE ({used} in use). Each showed Recv-Q 0: the program had read the EOF and kept the socket, a bug in the code rather than a busy process. From then on accept() fails with EMFILE. The clients do not see that: the handshake is the kernel's, so connect() still succeeds (TcpPassiveOpens +{opens} for {clients} clients) and the accept queue never overflows (TcpExtListenOverflows +{overflows}, listener Recv-Q {queue}). Node's libuv closes its spare descriptor, accepts, and closes at once, so the {cut} clients past the wall were cut off with no answer, {resets} with ECONNRESET and {eofs} with EOF, each costing the server's kernel one RST (TcpOutRsts +{rsts}). The server logged nothing. The fixed server, which closes on EOF, served {fixedServed} of {fixedClients} under the same limit.",
    'q.emfile.f1':
      'Why does the accept queue look healthy (Recv-Q 0, no ListenOverflows) while every new client fails?',
    'q.emfile.f2': 'Why do some cut-off clients see ECONNRESET and others a plain EOF?',
    'q.emfile.f3': 'Would raising the open-file limit to a million fix it?',
    'q.emfile.f4': 'What would a Go net/http server do at the same wall, and what would its clients see?',
    'q.emfile.myth.claim': "CLOSE-WAIT piles up because the server's side never acknowledged the client's FIN.",
    'q.emfile.myth.truth':
      'The clients waited in FIN-WAIT-2, which a socket only reaches once its FIN is ACKed: the kernel ACKed every FIN at once. CLOSE-WAIT means the program never called close().',
    'q.restart.question': 'A restart makes the pile of CLOSE-WAIT sockets vanish. Is the leak fixed?',
    'q.restart.answer':
      "No, it is hidden. CLOSE-WAIT has no timer of its own: the leaked sockets stayed as long as the process, and went only when it died ({after} CLOSE-WAIT left once it was killed). The served clients, whose FIN had long been ACKed, sat in FIN-WAIT-2 until then; the server's FIN came at last with the restart and {timeWait} of them went to TIME-WAIT. Under the same load a new process leaks again at the rate this one did, one CLOSE-WAIT and one descriptor per client (after the first batch, {perClient} CLOSE-WAIT and {fds} descriptors in use where there had been {before}). The fixed server, which closes when it reads EOF, ended with {flat} descriptors in use, as many as it started with, and left {fixedLeft} CLOSE-WAIT.",
    'q.restart.f1': 'How would you find the code path that forgets to close, on a live process?',
    'q.restart.f2': 'Why did the clients wait in FIN-WAIT-2 instead of timing out after tcp_fin_timeout?',
    'q.restart.f3': 'What does the CLOSE-WAIT count over time look like for a leak, as opposed to a slow consumer?',
    'q.restart.myth.claim': 'A leaked CLOSE-WAIT connection goes away by itself once it times out.',
    'q.restart.myth.truth':
      'Nothing in the kernel ends a CLOSE-WAIT: it lasted until the process died, and the restart is what cleared it.',
  },
  zh: {
    title: '规模化的 CLOSE-WAIT：泄漏耗尽文件描述符',
    summary:
      '一个泄漏连接的服务端，最多只能打开 {limit} 个文件：每个客户端留下一个 CLOSE-WAIT，直到 accept() 报 EMFILE；此后 Node 接下连接立刻关掉，新客户端连得上却被重置。修好的服务端在同样的负载下保持平稳。',
    'do.together': '同时进行：{actions}',
    'do.together.sep': '；',
    'step.opening': '泄漏的服务监听 :{port}，修好的监听 :{fixedPort}；两者都最多只能打开 {limit} 个文件',
    'step.firstBatch': '{n} 个客户端依次到来：每个都留下一个 CLOSE-WAIT 和一个文件描述符',
    'predict.firstBatch': '{n} 个客户端都关闭连接之后，服务端在 :{port} 上有几个套接字处于 CLOSE-WAIT？',
    'act.noteCapture': '记下抓包此刻的位置',
    'expect.closeWaitPerClient': '1 秒内，:{port} 上恰好有 {n} 个服务端套接字处于 CLOSE-WAIT，每个关闭连接的客户端一个',
    'expect.fdPerClient': '服务端占用的文件描述符比客户端到来之前多了 {n} 个',
    'expect.closeWaitEofRead':
      '每个都显示 Recv-Q 0：程序已经读到了 EOF（FIN 在被读走之前在 Recv-Q 里算 1），却留着这个套接字',
    'expect.clientsFinWait2':
      '这 {n} 个客户端的套接字处于 FIN-WAIT-2，而不是 TIME-WAIT：它们的 FIN 已被确认，服务端的 FIN 却永远不来',
    'step.wall': '再来 {n} 个客户端：CLOSE-WAIT 一路上涨，直到文件描述符用光',
    'predict.wall': '服务端的文件描述符用光之后，新来的客户端会看到什么？',
    'choice.refused': 'connect() 失败，报 ECONNREFUSED',
    'choice.hangs': 'connect() 卡住：SYN 没有回应',
    'choice.cutOff': '连接建立成功，随后没拿到任何应答就被切断',
    'choice.slow': '会被服务，只是晚一些',
    'note.emfile': '此后 accept() 报 EMFILE：libuv 关掉预留的描述符，accept 一个连接，立刻关闭，再把预留的描述符打开',
    'expect.plateau': 'CLOSE-WAIT 停在 {limit} 减去客户端到来之前服务端已占用的描述符数',
    'expect.fdsAtLimit': '{limit} 以下的每个描述符都已被占用：服务端再也打不开新的',
    'expect.clientsCutOff': '超出上限之后的每个客户端都连上了，随后没拿到应答就被切断',
    'expect.everyHandshake': 'TcpPassiveOpens 增加了 {n}：无论是否被服务，每次三次握手内核都完成了',
    'expect.noListenOverflow': 'TcpExtListenOverflows 没有变化：全连接队列从未满过',
    'expect.listenerQueueEmpty': ':{port} 的监听套接字显示 Recv-Q 0：libuv 把全连接队列取空了，取出来的随即关掉',
    'expect.nodeSaysNothing': '服务端没有打印任何错误：Node 从未报告过 EMFILE',
    'step.restart': '重启服务端：泄漏的套接字随进程一起关闭',
    'predict.restart': '泄漏的服务端被杀掉。那些已被服务、停在 FIN-WAIT-2 的客户端套接字会进入什么状态？',
    'expect.restartClears': '1 秒内，:{port} 上没有服务端套接字处于 CLOSE-WAIT：进程退出时内核把它们全关了',
    'expect.servedTimeWait':
      '已被服务的客户端那些成了孤儿的 FIN-WAIT-2 套接字终于等到了服务端的 FIN：各进入一个 TIME-WAIT',
    'step.fixed': '修好的服务端（读到 EOF 就关闭）在 :{port}，同样的上限，同样的 {n} 个客户端',
    'expect.fixedServesAll': '{n} 个客户端全部得到了服务',
    'expect.fixedFdsFlat': '修好的服务端占用的描述符和客户端到来之前一样多',
    'expect.clientsTimeWait': ':{port} 的 {n} 个客户端先关闭，各持有一个 TIME-WAIT',
    'expect.resetPerCutOff': '抓包显示：服务端切断的每个连接上都有一个来自 :{port} 的 RST，被服务的连接上一个也没有',
    'expect.rstCounters':
      'TcpOutRsts 的增量等于被切断的客户端数，每个一个 RST；TcpExtTCPAbortOnClose 的增量等于看到 ECONNRESET 的客户端数',
    'act.prlimit': 'prlimit --pid <监听 :{port} 的进程号> --nofile={limit}:{limit}',
    'error.noListener': 'ss 显示没有进程在监听 :{port}',
    'note.limit': '进程 {pid} 现在只能使用 0–{max} 号描述符；其中 {n} 个已被占用{above}',
    'note.limitAbove': '（另有 {n} 个编号更大的，是继承来的）',
    'placeholder.pid': '<服务端进程号>',
    'expect.fdLimit': '服务端最多只能打开 {limit} 个文件（RLIMIT_NOFILE 软硬限制相同），并且已经占用了一些',
    'expect.noSpareOnRoot': '服务端还没有指向 / 的描述符（libuv 预留的那个描述符指向 /dev/null）',
    'expect.spareOnRoot': '服务端现在有一个指向 / 的描述符：libuv 预留的那个，EMFILE 之后为了 accept 关掉又重新打开',
    'ex.step.listens': '你的服务端监听 :{port}；工具把它的打开文件上限降到 {limit}',
    'ex.step.stream': '{n} 个客户端，每次 {atOnce} 个并发：各发一个请求，读到应答后关闭连接',
    'ex.expect.allServed': '{n} 个客户端每个都拿到了应答',
    'ex.hint.allServed':
      '有些客户端连上之后没拿到应答就被切断了：你的服务端耗尽了文件描述符，因为它把每个客户端已关闭的套接字都留着（CLOSE-WAIT）；读到 EOF 时请关闭你这一端',
    'ex.expect.noCloseWait': '最后一个客户端之后 1 秒内，:{port} 上没有服务端套接字处于 CLOSE-WAIT',
    'ex.hint.noCloseWait':
      "有套接字一直停在 CLOSE-WAIT：你的服务端读到了客户端的 EOF 却从不关闭；在 'end' 回调里调用 end()（或 destroy()）",
    'ex.expect.noResets': 'TcpOutRsts 没有变化：内核没有重置任何连接',
    'ex.hint.noResets':
      '内核重置了连接：你的服务端在请求还没读完（或还没读）时就关闭了某些连接（或者描述符耗尽，Node 切断了客户端）',
    'ex.goal': '最多打开 {limit} 个文件，应答 {n} 个短连接客户端：客户端关闭时，把对应的连接也关掉',
    'ex.hint.1': "先应答每个请求（回写一行），然后在套接字的 'end' 回调里调用 socket.end()。",
    'ex.hint.2': '设了 allowHalfOpen: true，Node 就把关闭留给你；默认值（false）时它读到 EOF 会自己关闭套接字。',
    'ex.hint.3': '描述符从 accept() 一直占用到 close()：处于 CLOSE-WAIT 的套接字仍然占着一个。',
    'ex.hint.4': '运行 tcplabs run close-wait-emfile，对照看泄漏的服务端和修好的服务端。',
    'ex.why': '修复：读到 EOF 就关闭',
    'q.emfile.question': 'accept() 报 EMFILE：泄漏的是什么？客户端看到了什么？',
    'q.emfile.answer':
      '泄漏的是套接字，每个都占着一个文件描述符。客户端关闭连接后服务端从不关闭自己这一端，于是每个连接都停在 CLOSE-WAIT：撞墙时有 {plateau} 个，加上客户端到来之前进程已占用的 {baseline} 个描述符，正好占满 RLIMIT_NOFILE 之下的全部 {limit} 个位置（已用 {used} 个）。它们的 Recv-Q 都是 0：程序已经读到了 EOF，却留着套接字，这是代码的 bug，不是进程太忙。从这时起 accept() 报 EMFILE。客户端却看不出来：三次握手由内核完成，所以 connect() 照样成功（{clients} 个客户端，TcpPassiveOpens +{opens}），全连接队列也从不溢出（TcpExtListenOverflows +{overflows}，监听套接字 Recv-Q {queue}）。Node 底下的 libuv 关掉预留的描述符，accept 一个连接，立刻关闭，于是撞墙之后的 {cut} 个客户端没拿到应答就被切断，{resets} 个看到 ECONNRESET，{eofs} 个看到 EOF，每个都让服务端内核发出一个 RST（TcpOutRsts +{rsts}）。服务端日志里什么也没有。读到 EOF 就关闭的修好版本，在同样的上限下服务了 {fixedClients} 个中的 {fixedServed} 个。',
    'q.emfile.f1': '为什么每个新客户端都失败了，全连接队列看起来却很健康（Recv-Q 0，没有 ListenOverflows）？',
    'q.emfile.f2': '为什么被切断的客户端有的看到 ECONNRESET，有的只看到 EOF？',
    'q.emfile.f3': '把打开文件上限调到一百万，能解决问题吗？',
    'q.emfile.f4': '换成 Go 的 net/http 服务端撞上同样的墙会怎样？它的客户端会看到什么？',
    'q.emfile.myth.claim': 'CLOSE-WAIT 堆积，是因为服务端从没确认客户端的 FIN。',
    'q.emfile.myth.truth':
      '客户端都停在 FIN-WAIT-2，而套接字只有在自己的 FIN 被确认之后才会进入这个状态：内核立刻确认了每个 FIN。CLOSE-WAIT 说明的是程序从没调用 close()。',
    'q.restart.question': '一重启，成堆的 CLOSE-WAIT 套接字就不见了。泄漏修好了吗？',
    'q.restart.answer':
      '没有，只是被掩盖了。CLOSE-WAIT 没有自己的定时器：泄漏的套接字随进程一直活着，进程死了才消失（杀掉之后剩下 {after} 个 CLOSE-WAIT）。已被服务的客户端，FIN 早被确认，在那之前一直停在 FIN-WAIT-2；重启时服务端的 FIN 终于来了，其中 {timeWait} 个进入 TIME-WAIT。同样的负载下，新进程会按这个进程的速度再次泄漏：每个客户端一个 CLOSE-WAIT、一个描述符（第一批客户端之后，CLOSE-WAIT 有 {perClient} 个，占用的描述符从 {before} 个涨到 {fds} 个）。读到 EOF 就关闭的修好版本，最后占用 {flat} 个描述符，和开始时一样多，留下的 CLOSE-WAIT 为 {fixedLeft} 个。',
    'q.restart.f1': '在线上运行的进程里，怎么找到忘了关闭连接的那条代码路径？',
    'q.restart.f2': '为什么客户端一直停在 FIN-WAIT-2，而没有在 tcp_fin_timeout 之后超时？',
    'q.restart.f3': '泄漏和消费太慢，这两种情况下 CLOSE-WAIT 数量随时间的曲线有什么不同？',
    'q.restart.myth.claim': '泄漏的 CLOSE-WAIT 连接超时之后会自己消失。',
    'q.restart.myth.truth': '内核里没有任何东西会结束 CLOSE-WAIT：它一直持续到进程退出，清掉它的是重启。',
  },
});

export const t = translator(messages);
