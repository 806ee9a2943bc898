// Every word of sysctl-audit a learner reads, in English and Chinese side by side: the plan,
// the predictions and the interview. Program output (the apply program's lines) and what
// the kernel showed (`observed`) stay as they are printed; so does `tcplabs audit`'s report,
// which is the checker's.

import { defineMessages, translator } from '../../i18n/catalog.ts';

export const messages = defineMessages({
  en: {
    title: "The seeds' sysctl.conf, checked against the kernel",
    summary:
      'A fresh namespace has no tcp_tw_recycle and starts with syncookies on; tcp_fin_timeout reaps an orphaned FIN-WAIT-2 but leaves TIME-WAIT at 60 s; the recipe applied line by line.',
    // lab.ts
    'apply.step': 'apply the recipe line by line, as sysctl -p would (in this namespace only)',
    'apply.predict':
      'sysctl -p applies the recipe’s {n} lines inside a fresh network namespace. How many does the kernel accept?',
    'apply.recycle': 'the kernel has no tcp_tw_recycle to write: sysctl -p fails on that line',
    'apply.netdev':
      'net.core.netdev_max_backlog is global: a network namespace does not have it (only the host can set it)',
    'apply.others': 'the other {n} lines are accepted: wrong comments do not stop a value from applying',
    // defaults.ts
    'defaults.step': 'what a fresh network namespace starts with',
    'defaults.predict':
      'The recipe sets net.ipv4.tcp_tw_recycle = 1 "to recycle TIME_WAIT faster". What does this kernel have under that name?',
    'choice.noKey': 'no such key',
    'defaults.recycleGone': 'net.ipv4.tcp_tw_recycle does not exist: it was removed in Linux 4.12',
    'defaults.syncookies': 'tcp_syncookies starts at 1 (cookies when a SYN queue overflows), not 0 as the recipe says',
    'defaults.twReuse': 'tcp_tw_reuse starts at 2 (reuse for loopback connections only), not 0 as the recipe says',
    'defaults.synRetries': 'tcp_syn_retries starts at 6, not 5 as the recipe says',
    'defaults.tryCap': 'try sysctl -w {key}=128',
    'defaults.cap': 'the kernel refuses tcp_syn_retries=128 (its cap is 127, not the 255 the recipe allows)',
    'delay.step': 'the delay before tcp_tw_reuse may take a TIME-WAIT ({key})',
    'delay.default': 'tcp_tw_reuse_delay starts at 1000 ms: a TIME-WAIT younger than that is never reused',
    // fin-timeout.ts
    'fin.step': 'with tcp_fin_timeout={s}: a TIME-WAIT and an orphaned FIN-WAIT-2',
    'fin.predict':
      'tcp_fin_timeout is {s} s in this namespace. The client closed one connection politely, and it is in TIME-WAIT: what does its timer count down from?',
    'choice.seconds': '{s} s',
    'fin.set': 'the lab set tcp_fin_timeout to {s} s in its namespace (the default is 60)',
    'fin.orphanTimer': 'the orphaned FIN-WAIT-2 counts down from {s} s: this is the state tcp_fin_timeout bounds',
    'fin.timeWait60': "the polite connection's TIME-WAIT counts down from 60 s: tcp_fin_timeout={s} did not shorten it",
    'fin.later.step': '{s} s later: the kernel freed the FIN-WAIT-2 and kept the TIME-WAIT',
    'fin.reaped':
      "within {s} s, the orphaned FIN-WAIT-2 is gone, and no TIME-WAIT took its place: the client's only socket left is the polite connection's TIME-WAIT",
    'fin.outlives': 'the TIME-WAIT is still there, with more than 40 s to go',
    // tw-reuse.ts
    'reuse.step': "tcp_tw_reuse=2, this kernel's default, on loopback: connect() takes over a TIME-WAIT's port",
    'reuse.onePort': 'leave connect() one local port ({range} = {port} {port})',
    'reuse.tookOver':
      "a moment later connect() succeeds from port {port}: the kernel gave the TIME-WAIT's four-tuple to the new connection",
    'reuse.gone':
      'the TIME-WAIT of port {port} is gone, tens of seconds early: an ESTAB connection holds its four-tuple now',
    'reuse.recycled': 'TcpExtTWRecycled grew by 1: the kernel counts each TIME-WAIT that connect() took over',
    'reuse.restore': 'give connect() its usual port range back',
    'reuse.young.step': 'a TIME-WAIT younger than {key} is not reused',
    'reuse.blocked':
      'the connect() right after the close failed with EADDRNOTAVAIL: the young TIME-WAIT held the only port',
    // interview.ts
    'iv.unmeasured': '?',
    'iv.recipe.q':
      'A tuning guide for "too many TIME_WAIT" sets tcp_tw_recycle=1, tcp_tw_reuse=1, tcp_fin_timeout=30 and tcp_syncookies=1. Which of its lines are harmful, gone or wrongly explained on a kernel of today?',
    'iv.recipe.a':
      'Check each line against the kernel, not against its comment. A fresh network namespace starts with the kernel\'s own defaults, and in this run it showed "{recycleGone}": tcp_tw_recycle is gone (removed in Linux 4.12, because it dropped the SYNs of clients behind NAT whose timestamps did not increase), and applying the recipe failed on that line ("{recycleLine}"). That is the harmful line: on an old kernel that still has it, it breaks NAT clients; on a new one it is an error. Several comments are wrong about defaults: the namespace already had "{syncookies}" and "{twReuse}" (reuse for loopback only), so the recipe\'s "default 0" is false twice; it had "{synRetries}" too, not the recipe\'s 5; a write of 128 was refused ("{cap}"), so its "up to 255" is false too. tcp_fin_timeout does not reclaim TIME-WAIT: with it at {fin} s, the orphaned FIN-WAIT-2 counted down from {orphan} s and was freed, while the polite connection\'s TIME-WAIT showed {tw} s and still had {twLater} s left afterwards. What does end a TIME-WAIT early is tcp_tw_reuse, and only for connect(): with a single local port, connect() took the TIME-WAIT\'s four-tuple over after {reuseMs} ms{blocked} (TcpExtTWRecycled +{recycled}). Finally "{netdev}": that key is the host\'s, not the namespace\'s. In all, "{accepted}": a file that mostly applies is not a file that is right.',
    'iv.recipe.blocked': ', its first try having got "{blocked}"',
    'iv.recipe.f1': 'Why did tcp_tw_recycle break clients behind NAT, and what replaced it?',
    'iv.recipe.f2': 'When is tcp_tw_reuse safe, and why does it need TCP timestamps?',
    'iv.recipe.f3': 'How would you check a sysctl.conf against a kernel without changing the host?',
    'iv.recipe.f4': 'What would you do about many TIME-WAITs instead of tuning sysctls?',
    'iv.recipe.myth.claim':
      'tcp_tw_recycle = 1, together with tcp_tw_reuse = 1, safely recycles TIME_WAIT sockets: add both to fix "too many TIME_WAIT".',
    'iv.recipe.myth.truth':
      "On the run's kernel tcp_tw_recycle does not exist, and sysctl -p reports an error for that line; tcp_tw_reuse was already on for loopback (2), only helps connect(), and ended exactly the TIME-WAIT it took over.",

    'iv.fin.q': 'Does lowering net.ipv4.tcp_fin_timeout make TIME-WAIT shorter?',
    'iv.fin.a':
      "No. tcp_fin_timeout bounds one case only: a socket in FIN-WAIT-2 whose program has already closed it (an orphan), waiting for a FIN the peer may never send. In this run tcp_fin_timeout was {fin} s; the orphaned FIN-WAIT-2 showed a timer of {orphan} s and was freed, and no TIME-WAIT took its place (\"{reaped}\" was all the client had left). The polite connection, which did get the peer's FIN, went to TIME-WAIT with a timer of {tw} s, and still had {twLater} s to go after the orphan was gone: TIME-WAIT's length is TCP_TIMEWAIT_LEN, a constant in the kernel's source (include/net/tcp.h), and tcp_fin_timeout is not it. A FIN-WAIT-2 that still has its program (the socket is only half-closed with shutdown()) is not bounded by it either: it waits as long as the program does.",
    'iv.fin.f1': 'Why does the kernel put a limit on orphaned FIN-WAIT-2 at all?',
    'iv.fin.f2': 'Why does ss -o show the FIN-WAIT-2 timer as "timewait"?',
    'iv.fin.f3': 'Which settings can end a TIME-WAIT early, and on which side?',
    'iv.fin.myth.claim':
      'tcp_fin_timeout shortens the time a socket takes to go from FIN-WAIT-2 to TIME_WAIT, so lowering it reclaims TIME_WAIT sooner.',
    'iv.fin.myth.truth':
      'The orphaned FIN-WAIT-2 was freed after tcp_fin_timeout without ever becoming a TIME-WAIT, and the TIME-WAIT next to it kept counting down from 60 s.',
  },
  zh: {
    title: '拿内核来检验 seed 里的 sysctl.conf',
    summary:
      '新建的网络命名空间里没有 tcp_tw_recycle，syncookies 默认就是开的；tcp_fin_timeout 回收的是孤儿 FIN-WAIT-2，TIME-WAIT 依旧是 60 秒；最后把整份配置逐行应用一遍。',
    'apply.step': '像 sysctl -p 那样逐行应用这份配置（只在本命名空间里）',
    'apply.predict': 'sysctl -p 在一个新建的网络命名空间里应用这份配置的 {n} 行。内核会接受几行？',
    'apply.recycle': '内核里没有 tcp_tw_recycle 可写：sysctl -p 在这一行报错',
    'apply.netdev': 'net.core.netdev_max_backlog 是全局的：网络命名空间里没有它（只有宿主机能设置）',
    'apply.others': '其余 {n} 行都被接受了：注释写错了，并不妨碍值被写进去',
    'defaults.step': '新建的网络命名空间一开始是什么值',
    'defaults.predict':
      '这份配置写了 net.ipv4.tcp_tw_recycle = 1，说是“加快回收 TIME_WAIT”。这个内核里这个名字对应的是什么？',
    'choice.noKey': '没有这个键',
    'defaults.recycleGone': 'net.ipv4.tcp_tw_recycle 不存在：Linux 4.12 已经把它删掉了',
    'defaults.syncookies': 'tcp_syncookies 默认是 1（半连接队列溢出时启用 cookie），而不是配置里说的 0',
    'defaults.twReuse': 'tcp_tw_reuse 默认是 2（只对回环连接复用），而不是配置里说的 0',
    'defaults.synRetries': 'tcp_syn_retries 默认是 6，而不是配置里说的 5',
    'defaults.tryCap': '尝试 sysctl -w {key}=128',
    'defaults.cap': '内核拒绝 tcp_syn_retries=128（上限是 127，而不是配置里允许的 255）',
    'delay.step': 'tcp_tw_reuse 接管一个 TIME-WAIT 之前要等多久（{key}）',
    'delay.default': 'tcp_tw_reuse_delay 默认是 1000 毫秒：比这更“年轻”的 TIME-WAIT 永远不会被复用',
    'fin.step': 'tcp_fin_timeout={s}：一个 TIME-WAIT，一个孤儿 FIN-WAIT-2',
    'fin.predict':
      '本命名空间里 tcp_fin_timeout 是 {s} 秒。客户端正常关闭了一条连接，它现在处于 TIME-WAIT：它的定时器从多少秒开始倒数？',
    'choice.seconds': '{s} 秒',
    'fin.set': '实验在自己的命名空间里把 tcp_fin_timeout 设成了 {s} 秒（默认是 60）',
    'fin.orphanTimer': '孤儿 FIN-WAIT-2 从 {s} 秒开始倒数：tcp_fin_timeout 管的正是这个状态',
    'fin.timeWait60': '正常关闭的那条连接，其 TIME-WAIT 从 60 秒开始倒数：tcp_fin_timeout={s} 并没有缩短它',
    'fin.later.step': '{s} 秒之后：内核释放了 FIN-WAIT-2，TIME-WAIT 还在',
    'fin.reaped': '{s} 秒内，孤儿 FIN-WAIT-2 消失了，也没有变成 TIME-WAIT：客户端只剩下正常关闭那条连接的 TIME-WAIT',
    'fin.outlives': 'TIME-WAIT 还在，剩余时间超过 40 秒',
    'reuse.step': 'tcp_tw_reuse=2（本内核的默认值），回环上：connect() 接管一个 TIME-WAIT 占着的端口',
    'reuse.onePort': '只给 connect() 留一个本地端口（{range} = {port} {port}）',
    'reuse.tookOver': '片刻之后，connect() 从端口 {port} 连接成功：内核把 TIME-WAIT 的四元组给了新连接',
    'reuse.gone': '端口 {port} 的 TIME-WAIT 提前几十秒消失了：现在这个四元组属于一条 ESTAB 连接',
    'reuse.recycled': 'TcpExtTWRecycled 增加 1：connect() 每接管一个 TIME-WAIT，内核就记一次',
    'reuse.restore': '把 connect() 平常的端口范围还回去',
    'reuse.young.step': '比 {key} 还年轻的 TIME-WAIT 不会被复用',
    'reuse.blocked': '关闭之后紧接着的 connect() 报 EADDRNOTAVAIL：唯一的端口被那个年轻的 TIME-WAIT 占着',
    'iv.unmeasured': '?',
    'iv.recipe.q':
      '一篇解决“TIME_WAIT 太多”的调优文章设置了 tcp_tw_recycle=1、tcp_tw_reuse=1、tcp_fin_timeout=30 和 tcp_syncookies=1。在今天的内核上，哪几行有害、已经不存在，或者解释错了？',
    'iv.recipe.a':
      '每一行都要拿内核去核对，而不是拿它上面的注释。新建的网络命名空间带着内核自己的默认值，本次运行里它显示“{recycleGone}”：tcp_tw_recycle 已经没了（Linux 4.12 删掉了它，因为它会丢掉 NAT 后面那些时间戳不递增的客户端发来的 SYN），应用这份配置时这一行也报了错（“{recycleLine}”）。有害的就是这一行：在还保留它的老内核上，它会坑 NAT 后面的客户端；在新内核上，它只是一个错误。好几条注释把默认值说错了：命名空间里本来就是“{syncookies}”和“{twReuse}”（只对回环复用），配置所说的“默认为 0”两处都不对；还有“{synRetries}”，也不是它说的 5；写入 128 被拒绝（“{cap}”），所以“不超过 255”也不对。tcp_fin_timeout 并不回收 TIME-WAIT：把它设成 {fin} 秒后，孤儿 FIN-WAIT-2 从 {orphan} 秒开始倒数并被释放，而正常关闭那条连接的 TIME-WAIT 显示 {tw} 秒，之后还剩 {twLater} 秒。真正能提前结束 TIME-WAIT 的是 tcp_tw_reuse，而且只对 connect() 有用：只有一个本地端口时，connect() 在 {reuseMs} 毫秒后接管了那个 TIME-WAIT 的四元组（TcpExtTWRecycled +{recycled}）{blocked}。最后，“{netdev}”：这个键属于宿主机，不属于命名空间。总的来说，“{accepted}”：大部分能应用的配置，不等于是对的配置。',
    'iv.recipe.blocked': '；在那之前，第一次尝试得到的是“{blocked}”',
    'iv.recipe.f1': 'tcp_tw_recycle 为什么会坑 NAT 后面的客户端？后来用什么替代了它？',
    'iv.recipe.f2': 'tcp_tw_reuse 什么时候是安全的？它为什么需要 TCP 时间戳？',
    'iv.recipe.f3': '不改动宿主机，怎样拿一份 sysctl.conf 去核对内核？',
    'iv.recipe.f4': 'TIME-WAIT 很多时，除了调 sysctl，你还会怎么做？',
    'iv.recipe.myth.claim':
      'tcp_tw_recycle = 1 配合 tcp_tw_reuse = 1 能安全地回收 TIME_WAIT 套接字：“TIME_WAIT 太多”就把两个都打开。',
    'iv.recipe.myth.truth':
      '在本次运行的内核上 tcp_tw_recycle 根本不存在，sysctl -p 对这一行报错；tcp_tw_reuse 本来就对回环开着（2），只帮得上 connect()，而且只结束了它接管的那一个 TIME-WAIT。',

    'iv.fin.q': '调小 net.ipv4.tcp_fin_timeout，能让 TIME-WAIT 变短吗？',
    'iv.fin.a':
      '不能。tcp_fin_timeout 只管一种情况：处于 FIN-WAIT-2、程序已经关掉了它的套接字（孤儿套接字），在等一个对端可能永远不会发来的 FIN。本次运行里 tcp_fin_timeout 是 {fin} 秒；孤儿 FIN-WAIT-2 的定时器显示 {orphan} 秒，到时就被释放了，也没有变成 TIME-WAIT（客户端只剩下“{reaped}”）。正常关闭的那条连接收到了对端的 FIN，进入 TIME-WAIT，定时器显示 {tw} 秒，孤儿消失之后它还剩 {twLater} 秒：TIME-WAIT 的长度是 TCP_TIMEWAIT_LEN，是内核源码里的一个常量（include/net/tcp.h），跟 tcp_fin_timeout 无关。还被程序持有的 FIN-WAIT-2（套接字只是用 shutdown() 半关闭）也不受它约束：程序等多久，它就等多久。',
    'iv.fin.f1': '内核为什么要给孤儿 FIN-WAIT-2 设一个时限？',
    'iv.fin.f2': '为什么 ss -o 把 FIN-WAIT-2 的定时器显示成 “timewait”？',
    'iv.fin.f3': '哪些设置能提前结束 TIME-WAIT？分别作用在哪一端？',
    'iv.fin.myth.claim':
      'tcp_fin_timeout 缩短的是套接字从 FIN-WAIT-2 转到 TIME_WAIT 的时间，所以调小它，TIME_WAIT 就回收得更快。',
    'iv.fin.myth.truth':
      '孤儿 FIN-WAIT-2 在 tcp_fin_timeout 到时后被直接释放，从来没有变成 TIME-WAIT；旁边那个 TIME-WAIT 照样从 60 秒开始倒数。',
  },
});

export const t = translator(messages);
