// One short connection as the capture saw it: the client's SYN, the server's SYN/ACK, and
// the client's first data segment after its SYN. These are what tell a Fast Open handshake
// from a classic one: where the request travelled, and what the SYN/ACK acknowledged.

import {
  describeFastOpen,
  fastOpenCookie,
  fastOpenOption,
  isSyn,
  isSynAck,
  type Packet,
} from '../../checker/packets.ts';

export interface Connection {
  clientPort: number;
  syn: Packet;
  synAck: Packet | null;
  /** The client's first segment with data that is not its SYN (the request, or its resend). */
  data: Packet | null;
  /** Positions in the capture, to tell what came first. */
  synAckIndex: number;
  dataIndex: number;
}

/** The connection a client's SYN opened, as far as the capture has seen it. */
export function connectionOf(packets: readonly Packet[], syn: Packet): Connection {
  const synIndex = packets.indexOf(syn);
  const clientPort = syn.src.port;
  const serverPort = syn.dst.port;
  const toClient = (p: Packet) => p.src.port === serverPort && p.dst.port === clientPort;
  const fromClient = (p: Packet) => p.src.port === clientPort && p.dst.port === serverPort;
  const synAckIndex = packets.findIndex((p, at) => at > synIndex && toClient(p) && isSynAck(p));
  const dataIndex = packets.findIndex((p, at) => at > synIndex && fromClient(p) && !isSyn(p) && p.length > 0);
  return {
    clientPort,
    syn,
    synAck: packets[synAckIndex] ?? null,
    data: packets[dataIndex] ?? null,
    synAckIndex,
    dataIndex,
  };
}

/** `+812 ms 127.0.0.1:34184 > 127.0.0.1:8818 [S] seq 1844765369:1844765450 ack … (81 bytes) tfo cookie …` */
export function describeSegment(p: Packet): string {
  const seq = p.seq === null ? '' : ` seq ${p.seq}${p.seqEnd !== p.seq ? `:${p.seqEnd}` : ''}`;
  const ack = p.ack === null ? '' : ` ack ${p.ack}`;
  const option = fastOpenOption(p);
  return `+${Math.round(p.tMs)} ms ${p.src.address}:${p.src.port} > ${p.dst.address}:${p.dst.port} [${p.flagText}]${seq}${ack} (${p.length} bytes)${option ? ` ${describeFastOpen(option)}` : ''}`;
}

/** An empty Fast Open option (a cookie request) and no data. */
export const asksCookie = (p: Packet) => fastOpenOption(p)?.kind === 'cookie-request' && p.length === 0;

/** The segment carries this cookie (null: none was granted, so nothing can match) and data. */
export const carries = (cookie: string | null, p: Packet) =>
  cookie !== null && fastOpenCookie(p) === cookie && p.length > 0;
