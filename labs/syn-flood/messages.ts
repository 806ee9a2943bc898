// syn-flood in both languages: every word a learner reads (the plan, the notes, the
// predictions, the interview). Program output and observations stay as the kernel and the
// programs print them.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'SYN flood: a full SYN queue, and SYN cookies',
    summary:
      'Half-open connections from many addresses fill a SYN queue of min(backlog, somaxconn) + 1 (or + 0 on kernels before the 2025 change); without cookies a real client waits through SYN retries, with cookies it connects in milliseconds, and a cookie carries its options in the timestamp or loses them.',
    'capped.text':
      "within 2 s the flood settles: every SYN is either queued, one SYN-RECV per attacker address (seed 001's sign of a flood), or counted in TcpExtTCPReqQFullDrop; the queue holds {plusOne} = limit {limit} + 1 on kernels with the 2025 change (6.1.192 has it), {limit} before it, and the count says which rule this kernel has",
    'defaults.step': 'a new network namespace has SYN cookies on; the lab turns them off',
    'defaults.syncookies':
      "the kernel's default is tcp_syncookies = 1 (seeds 001 and 004 say 0): cookies when the SYN queue is full",
    'servers.step':
      'two servers: :{port} (backlog {backlog}) will be flooded, :{quietPort} (backlog {quietBacklog}) stays quiet',
    'servers.limit':
      "the listener's Send-Q shows its limit, {backlog} = min(backlog {backlog}, net.core.somaxconn): somaxconn is larger here",
    'lost.step': 'nft drops the SYN/ACKs the server sends to anyone but {legit}',
    'lost.why': 'SYN/ACKs to the attackers are lost on the way',
    'lost.note': 'the attackers never see a SYN/ACK, so they never answer: every handshake they start stays half-open',
    'flood.step': 'flood: {n} SYNs from {n} addresses (tcp_syncookies=0)',
    'flood.predict': "The flood has filled the SYN queue. What does the LISTEN line's Recv-Q (the accept queue) show?",
    'flood.synSent': 'within 2 s, all {n} attacker sockets are SYN-SENT (their SYN/ACKs are dropped)',
    'flood.dropped':
      'within 2 s, TcpExtTCPReqQFullDrop grew by at least {n}: every SYN beyond the ones queued was dropped',
    'flood.listenDrops':
      'TcpExtListenDrops grew by at least {n} (the same drops, in the counter netstat -s calls "SYNs to LISTEN sockets dropped")',
    'flood.acceptQueueEmpty':
      'the LISTEN line still shows Recv-Q 0: the accept queue is empty, the SYN queue is full, and ss -l does not show the SYN queue',
    'legit.step': 'a legitimate client connects from {legit} (tcp_syncookies=0)',
    'legit.predict':
      'The SYN queue is full and cookies are off. A real client dials: once its SYN has been sent twice, what state is its socket in?',
    'legit.waitSecond': "the client's second SYN (the first was dropped)",
    'legit.retried':
      'once tcpdump has seen its SYN twice, the client at {legit} is still SYN-SENT, ss -o counting the retry (it came 1 s after connect())',
    'legit.stillCapped':
      "the SYN queue is still full, at the cap the flood showed: the client's SYNs are dropped like the flood's",
    'legit.listenDrops':
      "TcpExtListenDrops kept growing while the client waited (its SYN, its retry, and the attackers' retries)",
    'rescue.step': 'tcp_syncookies=1: the waiting client gets in at its next SYN; a new client at its first',
    'rescue.stalled':
      "the first client's connect() took at least 1000 ms: it hung through dropped SYNs until cookies were on",
    'rescue.fast':
      "the second client's first SYN was answered: tcpdump saw one SYN from it, then the SYN/ACK with the cookie (a dropped SYN is resent 1 s later)",
    'rescue.sent':
      'within 1 s, TcpExtSyncookiesSent grew by at least 2: the full queue answers SYNs with a cookie instead of dropping them',
    'rescue.returned':
      "within 1 s, TcpExtSyncookiesRecv grew by at least 2: both clients' ACKs brought a valid cookie back (attackers never answer)",
    'rescue.full':
      'the SYN queue is still full, at the cap the flood showed: a cookie takes no slot, the state travels in the sequence number',
    'always.step': 'tcp_syncookies=2: cookies always, even on :{quietPort}, which has room',
    'always.predict':
      'With tcp_syncookies=2, {n} half-open handshakes hit :{quietPort}, whose backlog has room for them all. How many SYN-RECV does it hold?',
    'always.sent': 'within 2 s, TcpExtSyncookiesSent grew by at least {n}: each SYN to :{quietPort} got a cookie',
    'always.nothing':
      ':{quietPort} holds no SYN-RECV after {n} half-open handshakes, though its backlog has room for them all: with 2, the kernel keeps no state for any SYN',
    'always.returned':
      "within 1 s, TcpExtSyncookiesRecv grew: the client's handshake with :{quietPort} was completed from a cookie",
    'small.step': 'tcp_syncookies=0, tcp_max_syn_backlog={max}: a flood on :{quietPort} stops earlier',
    'small.predict':
      'Cookies off, tcp_max_syn_backlog={max}, and a backlog of {backlog} on :{quietPort}. {n} SYNs arrive: how many SYN-RECV does it keep?',
    'small.capped':
      ":{quietPort} holds exactly {cap} SYN-RECV = {max} - {max}/4 + 1, below its backlog's cap ({backlog}): without cookies the last quarter of tcp_max_syn_backlog is kept for peers proven alive",
    'noAttacker.text': 'no attacker connection ever completed (nft dropped every SYN/ACK sent to them)',
    'options.step':
      'what a cookie keeps of the SYN options, on :{quietPort} (tcp_syncookies=2): with timestamps, and without',
    'options.say':
      "tcp_timestamps=2 sends timestamps without the per-connection random offset, so the cookie's bits can be read in tcpdump",
    'options.inTsval':
      "the cookie SYN/ACK's timestamp carries the SYN's options: its low 6 bits are the client's window scale (bits 0-3) plus 16 for SACK (and 32 for ECN), so the ACK's echo brings them back with nothing stored",
    'options.lost':
      "without timestamps the cookie has nowhere to keep the SYN's options: the client's SYN offers wscale and sackOK, the cookie SYN/ACK offers neither, and the connection runs without both",
    'options.byCookie': 'within 1 s, TcpExtSyncookiesRecv grew by 2: both clients came in through a cookie',
    'cap.always': 'tcp_syncookies=2: every SYN is answered with a cookie; nothing is queued',
    'cap.byBacklog': 'limit {limit} + 1 = {plusOne} (kernels with the 2025 change), or {exact} (before it)',
    'cap.cookies': 'SYN-RECV cap: {byBacklog}',
    'cap.byMax': 'tcp_max_syn_backlog {max} - {max}/4 + 1 = {cap}',
    'cap.smaller': 'SYN-RECV cap: the smaller of {byBacklog} and (no cookies) {byMax}',
    'iv.cookies.q': 'What do SYN cookies give up?',
    'iv.cookies.a':
      "The request, and with it everything the server would have remembered about the SYN. With a cookie the server keeps no state: tcp_syncookies=2 left {nothing} after {sent}. So whatever the SYN offered has to come back in the client's ACK. The sequence number holds a hash, a minute counter and only a 2-bit index for the MSS (four values in the kernel's table, msstab in net/ipv4/syncookies.c). Window scale, SACK and ECN ride in the low 6 bits of the SYN/ACK's timestamp; the run read them there: {tsval}. Without timestamps there is nowhere to put them: {lost}, and that connection lives without window scaling and SACK. Nor is there a request whose timer could resend a lost SYN/ACK: the client's own SYN retry has to start over (tcp_conn_request() in net/ipv4/tcp_input.c frees the request once the cookie is sent). What cookies buy: a full queue stops turning real clients away. Once they were on, the next client's first SYN was answered ({fast}) while the queue stayed full ({full}).",
    'iv.cookies.f1': 'Why are cookies only used once the SYN queue is full (tcp_syncookies=1), and not always?',
    'iv.cookies.f2': 'How long is a cookie valid, and what stops an attacker from replaying one?',
    'iv.cookies.f3': 'What does tcp_timestamps=0 cost a server that relies on cookies?',
    'iv.cookies.f4': 'Which counters show cookies being sent, and coming back valid?',
    'iv.cookies.myth.claim':
      'A SYN cookie packs 5 bits of time, 3 bits of MSS and a 24-bit hash into the sequence number, and that is all it keeps.',
    'iv.cookies.myth.truth':
      "That is D. J. Bernstein's original layout. Linux keeps a minute counter in the top 8 bits and a 2-bit index into its MSS table, and stores window scale, SACK and ECN in the SYN/ACK's timestamp, which the run reads off the capture.",
    'iv.flood.q': 'How do you recognise a SYN flood on a Linux server, and what does it do to real clients?',
    'iv.flood.a':
      "Count the half-open requests and their peers: ss -tn state syn-recv showed {capped}, one SYN-RECV per attacker address, and every SYN beyond the queue counted as dropped ({dropped}; {listenDrops}). The queue has no size of its own: the listener's limit, min(backlog, somaxconn), is the LISTEN line's Send-Q ({limit}), and this kernel kept {rule}. The accept queue stayed empty ({acceptQueue}): ss -l does not show the SYN queue at all. A real client's SYNs were dropped like the flood's ({retried}), and its connect() took {stalledMs} ms, until cookies were turned on. The kernel's default is tcp_syncookies=1 ({syncookies}): SYNs beyond a full queue then get a cookie, and the next client's first SYN was answered ({fast}).",
    'iv.flood.rule.plusOne': 'limit + 1 (the 2025 change)',
    'iv.flood.rule.limit': 'exactly the limit (a kernel before the 2025 change)',
    'iv.flood.f1': 'How is a SYN flood different from a full accept queue, and which counter tells them apart?',
    'iv.flood.f2': 'What does raising the listen backlog buy, and why must somaxconn rise with it?',
    'iv.flood.f3': 'Why does tcp_max_syn_backlog matter only with cookies off?',
    'iv.flood.myth.claim': 'The SYN queue holds max(64, tcp_max_syn_backlog) requests.',
    'iv.flood.myth.truth':
      "The listen backlog and somaxconn size it: with tcp_max_syn_backlog at {max} the run's queue stopped at the backlog's cap. tcp_max_syn_backlog matters only with cookies off, and then as the mark where the last quarter is kept for peers proven alive (the lab's last step sets it to {small}).",
  },
  zh: {
    title: 'SYN 洪泛：半连接队列被占满，以及 SYN cookie',
    summary:
      '来自许多地址的半开连接占满了大小为 min(backlog, somaxconn) + 1 的半连接队列（2025 年那次修改之前的内核是 + 0）；不开 cookie 时，正常客户端要熬过 SYN 重传，开了 cookie 则几毫秒就能连上；cookie 把 SYN 的选项藏在时间戳里，没有时间戳就丢掉它们。',
    'capped.text':
      '2 秒内洪泛稳定下来：每个 SYN 要么进了队列（每个攻击地址一个 SYN-RECV，这正是 seed 001 说的洪泛迹象），要么被计入 TcpExtTCPReqQFullDrop；有 2025 年那次修改的内核（6.1.192 已包含）队列容纳 {plusOne} = 上限 {limit} + 1，之前的内核是 {limit}，实际数目说明这台内核用的是哪条规则',
    'defaults.step': '新的网络命名空间默认开启 SYN cookie；实验先把它关掉',
    'defaults.syncookies': '内核默认 tcp_syncookies = 1（seed 001 和 004 说是 0）：半连接队列满了就发 cookie',
    'servers.step':
      '两个服务端：:{port}（backlog {backlog}）将遭受洪泛，:{quietPort}（backlog {quietBacklog}）保持安静',
    'servers.limit':
      '监听套接字的 Send-Q 显示它的上限 {backlog} = min(backlog {backlog}, net.core.somaxconn)：这里 somaxconn 更大',
    'lost.step': 'nft 丢弃服务端发往 {legit} 以外地址的 SYN/ACK',
    'lost.why': '发给攻击者的 SYN/ACK 在半路丢失',
    'lost.note': '攻击者永远收不到 SYN/ACK，也就永远不会应答：它们发起的每次握手都停在半开状态',
    'flood.step': '洪泛：{n} 个 SYN 来自 {n} 个地址（tcp_syncookies=0）',
    'flood.predict': '洪泛已经占满了半连接队列。LISTEN 行的 Recv-Q（全连接队列）显示多少？',
    'flood.synSent': '2 秒内，全部 {n} 个攻击者套接字处于 SYN-SENT（它们的 SYN/ACK 被丢了）',
    'flood.dropped': '2 秒内，TcpExtTCPReqQFullDrop 至少增加 {n}：排进队列之外的每个 SYN 都被丢弃',
    'flood.listenDrops':
      'TcpExtListenDrops 至少增加 {n}（同样这些丢弃，netstat -s 把这个计数器叫做 "SYNs to LISTEN sockets dropped"）',
    'flood.acceptQueueEmpty':
      'LISTEN 行仍显示 Recv-Q 0：全连接队列是空的，半连接队列是满的，而 ss -l 根本不显示半连接队列',
    'legit.step': '一个正常客户端从 {legit} 发起连接（tcp_syncookies=0）',
    'legit.predict': '半连接队列已满，cookie 关闭。正常客户端发起连接：它的 SYN 发了两遍之后，它的套接字处于什么状态？',
    'legit.waitSecond': '客户端的第二个 SYN（第一个被丢了）',
    'legit.retried':
      'tcpdump 看到它的 SYN 两次之后，{legit} 上的客户端仍是 SYN-SENT，ss -o 记下了这次重传（connect() 之后 1 秒发出）',
    'legit.stillCapped': '半连接队列仍满，停在洪泛时的上限：客户端的 SYN 和洪泛的 SYN 一样被丢弃',
    'legit.listenDrops': '客户端等待期间 TcpExtListenDrops 持续增长（它的 SYN、它的重传，以及攻击者的重传）',
    'rescue.step': 'tcp_syncookies=1：正在等待的客户端在下一个 SYN 时连上；新客户端在第一个 SYN 时就连上',
    'rescue.stalled': '第一个客户端的 connect() 至少花了 1000 毫秒：它在 SYN 一次次被丢的过程中干等，直到 cookie 打开',
    'rescue.fast':
      '第二个客户端的第一个 SYN 就得到了应答：tcpdump 只看到它发了一个 SYN，随后是带 cookie 的 SYN/ACK（被丢的 SYN 会在 1 秒后重传）',
    'rescue.sent': '1 秒内，TcpExtSyncookiesSent 至少增加 2：队列满时用 cookie 应答 SYN，而不是丢弃',
    'rescue.returned':
      '1 秒内，TcpExtSyncookiesRecv 至少增加 2：两个客户端的 ACK 都带回了有效的 cookie（攻击者从不应答）',
    'rescue.full': '半连接队列仍满，停在洪泛时的上限：cookie 不占队列位置，状态装在序列号里',
    'always.step': 'tcp_syncookies=2：总是发 cookie，即便 :{quietPort} 的队列还有空位',
    'always.predict':
      'tcp_syncookies=2 时，{n} 个半开握手打到 :{quietPort}，它的 backlog 足够容纳全部。它会保留几个 SYN-RECV？',
    'always.sent': '2 秒内，TcpExtSyncookiesSent 至少增加 {n}：发往 :{quietPort} 的每个 SYN 都拿到了 cookie',
    'always.nothing':
      '{n} 个半开握手之后 :{quietPort} 上没有任何 SYN-RECV，尽管它的 backlog 放得下全部：取值为 2 时，内核不为任何 SYN 保存状态',
    'always.returned': '1 秒内，TcpExtSyncookiesRecv 有所增加：客户端与 :{quietPort} 的握手是凭 cookie 完成的',
    'small.step': 'tcp_syncookies=0，tcp_max_syn_backlog={max}：对 :{quietPort} 的洪泛更早停住',
    'small.predict':
      'cookie 关闭，tcp_max_syn_backlog={max}，:{quietPort} 的 backlog 是 {backlog}。来了 {n} 个 SYN：它会保留几个 SYN-RECV？',
    'small.capped':
      ':{quietPort} 恰好保留 {cap} 个 SYN-RECV = {max} - {max}/4 + 1，低于 backlog 给出的上限（{backlog}）：不开 cookie 时，tcp_max_syn_backlog 的最后四分之一留给已证明存活的对端',
    'noAttacker.text': '没有任何攻击者的连接建立起来（nft 丢弃了发给它们的每个 SYN/ACK）',
    'options.step': 'cookie 能保留 SYN 的哪些选项，在 :{quietPort} 上（tcp_syncookies=2）：有时间戳和没有时间戳',
    'options.say': 'tcp_timestamps=2 发送不带每连接随机偏移的时间戳，这样在 tcpdump 里就能读出 cookie 的比特',
    'options.inTsval':
      'cookie SYN/ACK 的时间戳装着 SYN 的选项：低 6 位是客户端的窗口扩大因子（第 0–3 位），SACK 加 16（ECN 加 32），于是 ACK 回显时把它们带回来，服务端什么都不用存',
    'options.lost':
      '没有时间戳，cookie 就无处存放 SYN 的选项：客户端的 SYN 提供了 wscale 和 sackOK，cookie SYN/ACK 两样都不提供，这条连接就在两者都没有的情况下运行',
    'options.byCookie': '1 秒内，TcpExtSyncookiesRecv 增加 2：两个客户端都是凭 cookie 进来的',
    'cap.always': 'tcp_syncookies=2：每个 SYN 都用 cookie 应答；队列里什么都不放',
    'cap.byBacklog': '上限 {limit} + 1 = {plusOne}（有 2025 年那次修改的内核），或 {exact}（之前的内核）',
    'cap.cookies': 'SYN-RECV 的上限：{byBacklog}',
    'cap.byMax': 'tcp_max_syn_backlog {max} - {max}/4 + 1 = {cap}',
    'cap.smaller': 'SYN-RECV 的上限：取 {byBacklog} 与（不开 cookie 时）{byMax} 中较小的一个',
    'iv.cookies.q': 'SYN cookie 放弃了什么？',
    'iv.cookies.a':
      '放弃了请求本身，以及服务端本该记住的关于这个 SYN 的一切。用 cookie 时服务端不保存任何状态：tcp_syncookies=2 时，{sent} 之后还是 {nothing}。于是 SYN 里提供的东西都必须随客户端的 ACK 一起回来。序列号里只放得下一个哈希、一个分钟计数器，以及 MSS 的 2 位索引（内核表里只有四个值，见 net/ipv4/syncookies.c 的 msstab）。窗口扩大因子、SACK 和 ECN 搭在 SYN/ACK 时间戳的低 6 位里；本次运行就从那里读出了它们：{tsval}。没有时间戳就无处可放：{lost}，这条连接从此没有窗口扩大，也没有 SACK。也没有哪个请求的定时器能去重传丢失的 SYN/ACK：只能等客户端自己重传 SYN，从头再来（net/ipv4/tcp_input.c 的 tcp_conn_request() 发出 cookie 后就释放了请求）。cookie 换来的是：队列满了也不再把正常客户端拒之门外。打开之后，下一个客户端的第一个 SYN 就得到应答（{fast}），而队列依旧是满的（{full}）。',
    'iv.cookies.f1': '为什么只在半连接队列满时才用 cookie（tcp_syncookies=1），而不是一直用？',
    'iv.cookies.f2': '一个 cookie 多久有效？什么能阻止攻击者重放它？',
    'iv.cookies.f3': '对依赖 cookie 的服务端来说，tcp_timestamps=0 的代价是什么？',
    'iv.cookies.f4': '哪些计数器能看出 cookie 发了出去、又有效地回来了？',
    'iv.cookies.myth.claim': 'SYN cookie 在序列号里塞进 5 位时间、3 位 MSS 和 24 位哈希，它保留的就只有这些。',
    'iv.cookies.myth.truth':
      '那是 D. J. Bernstein 最初的布局。Linux 在高 8 位放分钟计数器，用 2 位做 MSS 表的索引，并把窗口扩大因子、SACK 和 ECN 存进 SYN/ACK 的时间戳，本次运行从抓包里把它们读了出来。',
    'iv.flood.q': '怎样在 Linux 服务器上识别 SYN 洪泛？它对正常客户端有什么影响？',
    'iv.flood.a':
      '数半开的请求，也数它们的对端地址：ss -tn state syn-recv 显示 {capped}，每个攻击地址一个 SYN-RECV，队列之外的 SYN 都被计为丢弃（{dropped}；{listenDrops}）。半连接队列没有自己的大小：监听套接字的上限 min(backlog, somaxconn) 就是 LISTEN 行的 Send-Q（{limit}），这台内核按 {rule} 保留请求。全连接队列一直是空的（{acceptQueue}）：ss -l 完全不显示半连接队列。正常客户端的 SYN 和洪泛的一样被丢（{retried}），它的 connect() 花了 {stalledMs} 毫秒，直到 cookie 打开。内核默认 tcp_syncookies=1（{syncookies}）：队列满了之后的 SYN 会拿到 cookie，下一个客户端的第一个 SYN 就得到了应答（{fast}）。',
    'iv.flood.rule.plusOne': '上限 + 1（2025 年那次修改）',
    'iv.flood.rule.limit': '恰好等于上限（2025 年那次修改之前的内核）',
    'iv.flood.f1': 'SYN 洪泛和全连接队列溢出有什么不同？哪个计数器能区分它们？',
    'iv.flood.f2': '调大 listen 的 backlog 能换来什么？为什么 somaxconn 必须跟着调大？',
    'iv.flood.f3': '为什么 tcp_max_syn_backlog 只在 cookie 关闭时才起作用？',
    'iv.flood.myth.claim': '半连接队列能容纳 max(64, tcp_max_syn_backlog) 个请求。',
    'iv.flood.myth.truth':
      '决定它大小的是 listen 的 backlog 和 somaxconn：tcp_max_syn_backlog 为 {max} 时，本次运行的队列停在 backlog 给出的上限。tcp_max_syn_backlog 只在 cookie 关闭时才起作用，而且是作为一道线：最后四分之一留给已证明存活的对端（实验最后一步把它设为 {small}）。',
  },
});

export const t = translator(messages);
