// fast-open in both languages: every word a learner reads (the plan, the predictions, the
// interview). Program output and what the kernel showed (observations) stay as printed.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: 'TCP Fast Open: a cookie first, then data in the SYN',
    summary:
      "curl's first connection asks for a cookie; its next SYN carries the cookie and the whole request, which the SYN/ACK acknowledges; a rotated server key makes the kernel refuse the data and resend it.",

    'fetch.mark': 'note where the capture stands before curl GETs {path}',
    'fetch.waitSyn': "curl's SYN to :{port}",

    'plain.listens': "with the seed's tcp_fastopen={value}, a Node server listens on :{port}",
    'plain.step': 'curl asks {server}:{port} for a cookie; the SYN/ACK brings none',
    'plain.predict':
      "Under tcp_fastopen={value} a Node server, which never set TCP_FASTOPEN on its listener, gets curl's cookie request. What does its SYN/ACK carry?",
    'plain.asks': "curl's SYN carries an empty Fast Open option (tfo cookiereq) and no data",
    'plain.noCookie':
      "the SYN/ACK carries no Fast Open option: a listener that never set TCP_FASTOPEN has no Fast Open queue, whatever '2' in the sysctl says",
    'plain.counted':
      'TcpExtTCPFastOpenCookieReqd grew by exactly 1: the kernel counted a cookie request this listener could not answer',
    'plain.nothingCached': "the client's cache for {server} holds no cookie (ip tcp_metrics: no fo_cookie)",

    'listens.step': 'tcp_fastopen={value} (0x400: every listener); a server listens on :{port}',
    'hold.why': "drop curl's FIN, so both ends stay open",

    'first.step': 'first connection: the SYN asks for a cookie, the SYN/ACK grants one',
    'first.asks': 'the SYN carries tfo cookiereq and no data: the client holds no cookie for this server yet',
    'first.grants': 'the SYN/ACK carries tfo cookie <hex>: the server computed a cookie for this client address',
    'first.waits':
      'the request leaves only after the SYN/ACK came back, at seq ISN+1: one round trip spent before any data',
    'first.noMark': "with curl's FIN held, ss -tio shows both ends without the fastopen mark: no data rode in this SYN",
    'first.cached': "the client's kernel cached the cookie from the SYN/ACK (ip tcp_metrics show {server}: fo_cookie)",
    'first.closes':
      'within {s} s of letting the FIN through (it is resent after ≥ 200 ms), the client end is TIME-WAIT',

    'second.step': 'second connection: the SYN carries the cookie and the request',
    'second.predict':
      'The SYN now carries the cached cookie and the whole request. What does the server’s SYN/ACK acknowledge?',
    'second.carries':
      'the SYN carries the cached cookie and the whole request (seq a:b, the same bytes connection 1 sent after its handshake)',
    'second.acks':
      'the SYN/ACK acknowledges the SYN and the request (ack = ISN + 1 + length): the server took the data before the handshake finished',
    'second.reads': 'the Node server read the request like any other',
    'second.marked': "with curl's FIN held, ss -tio marks both ends fastopen: the SYN's data was accepted",
    'second.closes': 'within {s} s of letting the FIN through, the client end is TIME-WAIT',

    'stale.step': 'the server rotates its key: the old cookie is refused and the request resent',
    'stale.predict':
      'The server changed its key; curl’s SYN brings the old cookie and the request again. What does the SYN/ACK acknowledge now?',
    'stale.old': 'the SYN carries the now stale cookie and the request, as before',
    'stale.refuses':
      'the SYN/ACK acknowledges only the SYN (ack = ISN + 1) and carries a new cookie: the data in the SYN was dropped',
    'stale.resent':
      'the client sends the same request again from seq ISN+1 within {ms} ms of the SYN/ACK: at once, not after a retransmission timeout (≥ 200 ms)',
    'stale.newCached': 'the client replaced its cached cookie with the new one from the SYN/ACK',

    'bh.default':
      "a new namespace reads {sysctl}=0 (the kernel's default since 5.14): a suspected black hole is counted, and nothing is switched off",
    'bh.step': "a Fast Open connection's FIN held through three timeouts: the black-hole detector counts the third",
    'bh.hold': "drop curl's FIN every time",
    'bh.two': 'the held FIN went through two retransmission timeouts (TcpExtTCPTimeouts +2)',
    'bh.probe': 'its first resend, ≈ 200 ms after the FIN, was a tail loss probe (TcpExtTCPLossProbes), not a timeout',
    'bh.twoNotCounted': 'after two timeouts TcpExtTCPFastOpenActiveFail has not moved',
    'bh.three': 'then a third retransmission timeout (TcpExtTCPTimeouts +3)',
    'bh.third': 'at the third timeout TcpExtTCPFastOpenActiveFail grew by 1: a suspected black hole',
    'bh.nothingOff': 'TcpExtTCPFastOpenBlackhole did not move: with {sysctl}=0 the detector switches nothing off',

    'choice.cookie': 'a cookie',
    'choice.noCookie': 'no Fast Open option',
    'choice.emptyOption': 'an empty Fast Open option',
    'choice.synOnly': 'ISN + 1 (the SYN only)',
    'choice.synAndData': 'ISN + 1 + length (the SYN and the request)',
    'choice.nothing': 'nothing: no SYN/ACK comes',

    'iv.unmeasured': '?',
    'iv.tfo.q': 'What does TCP Fast Open save, what does it risk, and what is the cookie for?',
    'iv.tfo.a':
      "It saves one round trip, and only that: the request rides in the SYN, so the server can answer as soon as the handshake's first segment arrives, instead of after a full round trip. It does not skip the handshake. In this run the first connection to the server could not use it: its SYN asked for a cookie ({firstSynBytes} bytes of data, tfo cookiereq), the SYN/ACK granted cookie {cookie} (TcpExtTCPFastOpenCookieReqd +{cookieReqd}), and the {requestBytes}-byte request left only after the SYN/ACK, at ISN+{firstDataAt}. The second connection's SYN carried that cookie and the {secondBytes}-byte request; the SYN/ACK acknowledged ISN+{secondAcked}, the SYN and the request, before the handshake finished (TcpExtTCPFastOpenActive +{active} on the client, TcpExtTCPFastOpenPassive +{passive} on the server; ss marked both ends fastopen); SYN, SYN/ACK and ACK were all still there. The cookie is a keyed hash of the client's address under the server's secret: it proves the client receives packets at that address, so a forged SYN cannot make the server do work for, or send its answer to, a spoofed address. It does not stop replay: a duplicated or replayed SYN that passes the cookie check delivers its data again, to a new connection, and TCP does not notice (RFC 7413 §6.3); only idempotent requests belong in a SYN, as with TLS 1.3 early data. When the cookie fails nothing breaks, one round trip is lost: after the key was rotated, the SYN/ACK acknowledged only ISN+{staleAcked} and brought a new cookie {newCookie}, the client sent the request again at once (TcpExtTCPFastOpenPassiveFail +{passiveFail}, TcpExtTCPFastOpenActiveFail +{activeFail}). Middleboxes are the other risk: some drop SYNs with data or let the handshake through and drop what follows. Linux counts a suspected black hole at the third consecutive retransmission timeout of a Fast Open connection (TcpExtTCPFastOpenActiveFail +{twoTimeouts} after two, +{thirdTimeout} at the third), and turns active Fast Open off only if tcp_fastopen_blackhole_timeout_sec is set ({blackholeTimeout} here, so TcpExtTCPFastOpenBlackhole +{blackhole}). And it must be switched on where it counts: under the seed's tcp_fastopen={seedValue}, a Node listener that never set TCP_FASTOPEN counted the cookie request (+{plainReqd}) and granted nothing.",
    'iv.tfo.f1':
      'Why can a replayed SYN with data pass the cookie check, and what would a server have to do to refuse it?',
    'iv.tfo.f2': 'How would you run Fast Open behind a load balancer with several servers (tcp_fastopen_key)?',
    'iv.tfo.f3': 'Which of HTTP, TLS, SSH and SMTP gain from Fast Open, and why not the others?',
    'iv.tfo.f4': 'How much request data fits in a SYN, and what happens to the rest?',
    'iv.tfo.myth.claim':
      'Once the client holds a cookie, it bypasses the three-way handshake: the SYN carries the data and the connection skips straight to the transfer.',
    'iv.tfo.myth.truth':
      'The capture of the second connection shows SYN, SYN/ACK and ACK as always. Nothing is bypassed: the request rides inside the handshake, and the SYN/ACK acknowledges it along with the SYN. What is saved is the wait for the SYN/ACK before sending, one round trip; the handshake still has to finish, and with a stale cookie the data is dropped and sent again after it.',
  },
  zh: {
    title: 'TCP Fast Open：先拿 cookie，再在 SYN 里带数据',
    summary:
      'curl 的第一次连接先讨要 cookie；下一次的 SYN 带着 cookie 和整个请求，SYN/ACK 一并确认；服务端换了密钥之后，内核拒收 SYN 里的数据，请求被重新发送。',

    'fetch.mark': '在 curl 请求 {path} 之前，记下抓包进行到哪里',
    'fetch.waitSyn': 'curl 发往 :{port} 的 SYN',

    'plain.listens': '沿用 seed 给的 tcp_fastopen={value}，一个 Node 服务端监听 :{port}',
    'plain.step': 'curl 向 {server}:{port} 讨要 cookie；SYN/ACK 什么也没给',
    'plain.predict':
      'tcp_fastopen={value} 下，一个从没在监听套接字上设置 TCP_FASTOPEN 的 Node 服务端收到 curl 的 cookie 请求。它的 SYN/ACK 里会带什么？',
    'plain.asks': 'curl 的 SYN 带着一个空的 Fast Open 选项（tfo cookiereq），没有数据',
    'plain.noCookie':
      'SYN/ACK 里没有 Fast Open 选项：没设置过 TCP_FASTOPEN 的监听套接字没有 Fast Open 队列，不管 sysctl 里的 “2” 怎么说',
    'plain.counted': 'TcpExtTCPFastOpenCookieReqd 恰好增加 1：内核记下了一个这个监听套接字应答不了的 cookie 请求',
    'plain.nothingCached': '客户端关于 {server} 的缓存里没有 cookie（ip tcp_metrics：没有 fo_cookie）',

    'listens.step': 'tcp_fastopen={value}（0x400：所有监听套接字）；一个服务端监听 :{port}',
    'hold.why': '丢掉 curl 的 FIN，让两端都保持打开',

    'first.step': '第一次连接：SYN 讨要 cookie，SYN/ACK 发给它一个',
    'first.asks': 'SYN 带着 tfo cookiereq，没有数据：客户端还没有这个服务端的 cookie',
    'first.grants': 'SYN/ACK 带着 tfo cookie <十六进制>：服务端为这个客户端地址算出了一个 cookie',
    'first.waits': '请求要等 SYN/ACK 回来之后才发出，序号为 ISN+1：发数据之前先花掉一个往返',
    'first.noMark': '扣住 curl 的 FIN 之后，ss -tio 显示两端都没有 fastopen 标记：这个 SYN 里没带数据',
    'first.cached': '客户端内核缓存了 SYN/ACK 里的 cookie（ip tcp_metrics show {server}：fo_cookie）',
    'first.closes': '放行 FIN 之后 {s} 秒内（它在至少 200 毫秒后重发），客户端一侧进入 TIME-WAIT',

    'second.step': '第二次连接：SYN 带着 cookie 和请求',
    'second.predict': '这回 SYN 带着缓存的 cookie 和整个请求。服务端的 SYN/ACK 确认到哪里？',
    'second.carries': 'SYN 带着缓存的 cookie 和整个请求（seq a:b，正是第一次连接在握手之后发出的那些字节）',
    'second.acks': 'SYN/ACK 同时确认了 SYN 和请求（ack = ISN + 1 + 长度）：握手还没完成，服务端就收下了数据',
    'second.reads': 'Node 服务端像平常一样读到了请求',
    'second.marked': '扣住 curl 的 FIN 之后，ss -tio 给两端都标上 fastopen：SYN 里的数据被接受了',
    'second.closes': '放行 FIN 之后 {s} 秒内，客户端一侧进入 TIME-WAIT',

    'stale.step': '服务端轮换密钥：旧 cookie 被拒，请求重新发送',
    'stale.predict': '服务端换了密钥；curl 的 SYN 又带着旧 cookie 和请求来了。这次 SYN/ACK 确认到哪里？',
    'stale.old': 'SYN 和之前一样，带着已经过期的 cookie 和请求',
    'stale.refuses': 'SYN/ACK 只确认了 SYN（ack = ISN + 1），并带来一个新 cookie：SYN 里的数据被丢掉了',
    'stale.resent':
      'SYN/ACK 到达后 {ms} 毫秒内，客户端从 ISN+1 起把同一个请求再发一遍：立刻就发，而不是等重传超时（至少 200 毫秒）',
    'stale.newCached': '客户端用 SYN/ACK 里的新 cookie 替换了缓存的旧 cookie',

    'bh.default': '新的网络命名空间里读到 {sysctl}=0（自 5.14 起的内核默认值）：疑似黑洞会被计数，但什么都不会被关掉',
    'bh.step': '一条 Fast Open 连接的 FIN 被扣住，经历三次超时：黑洞检测在第三次时计数',
    'bh.hold': '每次都丢掉 curl 的 FIN',
    'bh.two': '被扣住的 FIN 经历了两次重传超时（TcpExtTCPTimeouts +2）',
    'bh.probe': '它的第一次重发在 FIN 之后约 200 毫秒，是尾部丢失探测（TcpExtTCPLossProbes），不算超时',
    'bh.twoNotCounted': '两次超时之后，TcpExtTCPFastOpenActiveFail 还没动',
    'bh.three': '接着是第三次重传超时（TcpExtTCPTimeouts +3）',
    'bh.third': '第三次超时时 TcpExtTCPFastOpenActiveFail 增加 1：疑似黑洞',
    'bh.nothingOff': 'TcpExtTCPFastOpenBlackhole 没动：{sysctl}=0 时，黑洞检测什么也不关',

    'choice.cookie': '一个 cookie',
    'choice.noCookie': '没有 Fast Open 选项',
    'choice.emptyOption': '一个空的 Fast Open 选项',
    'choice.synOnly': 'ISN + 1（只有 SYN）',
    'choice.synAndData': 'ISN + 1 + 长度（SYN 加请求）',
    'choice.nothing': '什么也没有：SYN/ACK 根本不来',

    'iv.unmeasured': '?',
    'iv.tfo.q': 'TCP Fast Open 省下了什么，又冒了什么风险？cookie 是干什么用的？',
    'iv.tfo.a':
      '它省下一个往返，也只省这一个：请求搭在 SYN 里，服务端收到握手的第一个报文就能应答，而不必先等一个完整的往返。它并没有跳过握手。本次运行中，第一次连到服务端时还用不上：它的 SYN 在讨要 cookie（数据 {firstSynBytes} 字节，tfo cookiereq），SYN/ACK 发来 cookie {cookie}（TcpExtTCPFastOpenCookieReqd +{cookieReqd}），{requestBytes} 字节的请求要等 SYN/ACK 回来后才从 ISN+{firstDataAt} 发出。第二次连接的 SYN 带着这个 cookie 和 {secondBytes} 字节的请求；SYN/ACK 确认到 ISN+{secondAcked}，即 SYN 加请求，这时握手还没完成（客户端 TcpExtTCPFastOpenActive +{active}，服务端 TcpExtTCPFastOpenPassive +{passive}；ss 给两端都标上了 fastopen）；SYN、SYN/ACK、ACK 三个报文一个不少。cookie 是用服务端密钥对客户端地址做的带密钥哈希：它证明客户端确实能在那个地址收到报文，于是伪造的 SYN 没法让服务端替一个假冒的地址干活，也没法让应答被发给那个地址。它挡不住重放：一个被复制或重放的 SYN 只要通过 cookie 校验，就会把它的数据再交付一次，交给一条新连接，而 TCP 察觉不到（RFC 7413 §6.3）；所以只有幂等的请求才能放进 SYN，这和 TLS 1.3 的 early data 是同一条规矩。cookie 校验失败时什么都不会坏，只是损失一个往返：密钥轮换之后，SYN/ACK 只确认到 ISN+{staleAcked}，并带来新 cookie {newCookie}，客户端立刻重发了请求（TcpExtTCPFastOpenPassiveFail +{passiveFail}，TcpExtTCPFastOpenActiveFail +{activeFail}）。另一个风险是中间设备：有的会丢掉带数据的 SYN，有的放过握手、却丢掉之后的报文。Linux 在一条 Fast Open 连接连续第三次重传超时时，记一次疑似黑洞（两次之后 TcpExtTCPFastOpenActiveFail +{twoTimeouts}，第三次 +{thirdTimeout}），只有设置了 tcp_fastopen_blackhole_timeout_sec 才会关掉主动 Fast Open（这里是 {blackholeTimeout}，所以 TcpExtTCPFastOpenBlackhole +{blackhole}）。最后，它得在真正起作用的地方打开：在 seed 给的 tcp_fastopen={seedValue} 下，一个没设置 TCP_FASTOPEN 的 Node 监听套接字记下了 cookie 请求（+{plainReqd}），却什么也没发。',
    'iv.tfo.f1': '为什么重放的带数据 SYN 能通过 cookie 校验？服务端要怎样做才能拒绝它？',
    'iv.tfo.f2': '在负载均衡后面有多台服务器时，怎样部署 Fast Open（tcp_fastopen_key）？',
    'iv.tfo.f3': 'HTTP、TLS、SSH、SMTP 里，哪些能从 Fast Open 得益？其他的为什么不能？',
    'iv.tfo.f4': '一个 SYN 里能放多少请求数据？放不下的部分怎么办？',
    'iv.tfo.myth.claim': '客户端一旦持有 cookie，就能绕过三次握手：SYN 带上数据，连接直接进入数据传输。',
    'iv.tfo.myth.truth':
      '第二次连接的抓包里，SYN、SYN/ACK、ACK 和平常一样都在。什么都没绕过：请求搭在握手里，SYN/ACK 把它和 SYN 一起确认。省下的是发送前等 SYN/ACK 的那一个往返；握手照样要走完，cookie 过期时数据还会被丢掉，在握手之后重发。',
  },
});

export const t = translator(messages);
