// The shapes every part of the checker shares: one TCP socket as `ss` (or the kernel's
// /proc table) reports it, spelled the way `ss` spells it.

/** TCP states exactly as `ss` prints them. */
export const TCP_STATES = [
  'ESTAB',
  'SYN-SENT',
  'SYN-RECV',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'TIME-WAIT',
  'UNCONN',
  'CLOSE-WAIT',
  'LAST-ACK',
  'LISTEN',
  'CLOSING',
  'NEW-SYN-RECV',
] as const;
export type TcpState = (typeof TCP_STATES)[number];

/** The argument `ss state <name>` takes for each state (its filter spelling). */
export const SS_STATE_FILTER: Record<TcpState, string> = {
  ESTAB: 'established',
  'SYN-SENT': 'syn-sent',
  'SYN-RECV': 'syn-recv',
  'FIN-WAIT-1': 'fin-wait-1',
  'FIN-WAIT-2': 'fin-wait-2',
  'TIME-WAIT': 'time-wait',
  UNCONN: 'closed',
  'CLOSE-WAIT': 'close-wait',
  'LAST-ACK': 'last-ack',
  LISTEN: 'listening',
  CLOSING: 'closing',
  'NEW-SYN-RECV': 'syn-recv',
};

export function isTcpState(word: string): word is TcpState {
  return (TCP_STATES as readonly string[]).includes(word);
}

export interface Endpoint {
  /** Address without brackets: `127.0.0.1`, `::1`, `::ffff:127.0.0.1`, `*`. */
  address: string;
  /** Port number; 0 for `*`. */
  port: number;
}

export interface SocketTimer {
  /** `on` (retransmit), `keepalive`, `timewait`, `persist`, `unknown`. */
  name: string;
  /** Milliseconds left until the timer fires. */
  expiresMs: number;
  /** Retransmissions or probes sent so far (the third field). */
  retrans: number;
}

export interface SocketProcess {
  name: string;
  pid: number;
  fd: number;
}

export interface SocketRow {
  state: TcpState;
  recvQ: number;
  sendQ: number;
  local: Endpoint;
  peer: Endpoint;
  timer?: SocketTimer;
  processes?: SocketProcess[];
  /** The `ss -i` detail words (`bytes_received:5000`, `rto:204`…), when asked for. */
  info?: Record<string, string>;
}

/** `127.0.0.1:8818`, `[::1]:8818` — how `ss` writes an endpoint. */
export function formatEndpoint(endpoint: Endpoint): string {
  const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
  return `${host}:${endpoint.port === 0 ? '*' : endpoint.port}`;
}
