// The Fast Open option as tcpdump prints it in a segment's options list (RFC 7413, TCP
// option 34): `tfo cookiereq` is an empty option, "please give me a cookie"; `tfo cookie
// 7e989d8a58e361c0` carries one. The pre-RFC experimental form (option 254 with the magic
// 0xF989), which Linux clients fall back to when a server never answered the RFC form, is
// printed `exp-tfo cookiereq` / `exp-tfo cookie …`.

import type { Packet } from '../../checker/packets.ts';

export type FastOpenOption =
  | { kind: 'cookie-request'; experimental: boolean }
  | { kind: 'cookie'; cookie: string; experimental: boolean };

const TFO_OPTION = /^(exp-)?tfo (?:(cookiereq)|cookie ([0-9a-f]+))$/;

/** The segment's Fast Open option, or null when it carries none. */
export function fastOpenOption(packet: Pick<Packet, 'options'>): FastOpenOption | null {
  for (const option of packet.options) {
    const match = TFO_OPTION.exec(option);
    if (!match) continue;
    const experimental = match[1] !== undefined;
    if (match[2]) return { kind: 'cookie-request', experimental };
    return { kind: 'cookie', cookie: match[3] as string, experimental };
  }
  return null;
}

/** The cookie a segment carries, or null (no option, or only a request). */
export function fastOpenCookie(packet: Pick<Packet, 'options'>): string | null {
  const option = fastOpenOption(packet);
  return option?.kind === 'cookie' ? option.cookie : null;
}

/** The option spelled the way tcpdump prints it, for reports. */
export function describeFastOpen(option: FastOpenOption | null): string {
  if (!option) return 'no Fast Open option';
  const name = option.experimental ? 'exp-tfo' : 'tfo';
  return option.kind === 'cookie-request' ? `${name} cookiereq` : `${name} cookie ${option.cookie}`;
}
