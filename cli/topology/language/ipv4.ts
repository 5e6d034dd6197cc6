// IPv4 arithmetic on addresses the ipv4 and ipv4Prefix formats have accepted.

export interface Ipv4Network {
  /** The address as a 32-bit unsigned integer. */
  address: number;
  prefixLength: number;
  mask: number;
  network: number;
  broadcast: number;
  /** The network as "a.b.c.d/n". */
  text: string;
}

/** A 32-bit unsigned integer as "a.b.c.d". */
export const ipv4Text = (n: number): string => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');

/** "192.168.1.50/24" -> its address, network and broadcast address. */
export function ipv4Network(value: string): Ipv4Network {
  const [addr, bits] = value.split('/');
  const address = addr!.split('.').reduce((n, part) => n * 256 + Number(part), 0) >>> 0;
  const prefixLength = Number(bits);
  const mask = prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
  const network = (address & mask) >>> 0;
  const broadcast = (network | (~mask >>> 0)) >>> 0;
  return { address, prefixLength, mask, network, broadcast, text: `${ipv4Text(network)}/${prefixLength}` };
}
