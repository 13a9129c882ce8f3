/**
 * Deterministic generators of request parts, for comparing our signers with the official cores over
 * many inputs. Seeded, so every run sees the same requests and a failure names a reproducible case.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** `min`..`max` picks from `alphabet` (whole code points, so never a lone surrogate), concatenated. */
  text(alphabet: readonly string[], min: number, max: number): string {
    return Array.from({ length: this.int(min, max) }, () => this.pick(alphabet)).join('');
  }

  /** `count` random bytes. */
  bytes(count: number): Uint8Array {
    return Uint8Array.from({ length: count }, () => this.int(0, 255));
  }
}

/** Splits a string into code points, for use as an alphabet. */
export const chars = (text: string): readonly string[] => [...text];

/** RFC 3986 unreserved characters. */
export const UNRESERVED = chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~');
/** Printable ASCII that RFC 3986 encoding must escape. */
export const RESERVED = chars(' !"#$%&\'()*+,/:;<=>?@[\\]^`{|}');
/** Non-ASCII: two-, three- and four-byte UTF-8, including the characters of the TC3 vector. */
export const UNICODE = chars('éüß€未命名日本語😀🚀');
/** Everything a query value may hold. */
export const ANY_TEXT = [...UNRESERVED, ...UNRESERVED, ...RESERVED, ...UNICODE];

/** Hosts as sent in the Host header: names, IPv4 and IPv6 literals. */
export const HOSTS: readonly string[] = [
  'tcss.tencentcloudapi.com',
  'tds.cn-shanghai.aliyuncs.com',
  'workspace.cn-north-4.myhuaweicloud.com',
  'localhost',
  '127.0.0.1',
  '10.20.30.40',
  '[::1]',
  'proxy-1.internal.example',
];
/** Non-default ports (URL parsers drop default ones, so a Host header never carries them). */
export const PORTS: readonly number[] = [8080, 9443, 34567];

/** A host, with a non-default port about half the time when `withPorts`. */
export function randomHost(random: Random, withPorts: boolean): string {
  const host = random.pick(HOSTS);
  return withPorts && random.chance(0.5) ? `${host}:${random.pick(PORTS)}` : host;
}

/** A decoded path of 0..4 segments from `alphabet`; never a `.` or `..` segment, which URL parsers resolve. */
export function randomPath(random: Random, alphabet: readonly string[]): string {
  const segments = Array.from({ length: random.int(0, 4) }, () => {
    const segment = random.text(alphabet, 1, 8);
    return segment === '.' || segment === '..' ? `${segment}x` : segment;
  });
  return `/${segments.join('/')}${segments.length > 0 && random.chance(0.2) ? '/' : ''}`;
}

/** A header value with inner spaces and, when `padded`, leading or trailing spaces and tabs. */
export function randomHeaderValue(random: Random, padded: boolean): string {
  const words = Array.from({ length: random.int(1, 4) }, () => random.text(chars('abcXYZ019-_.;=/'), 1, 6));
  const value = words.join(random.pick([' ', '  ', ', ']));
  return padded ? `${random.pick(['', ' ', '\t '])}${value}${random.pick(['', ' ', ' \t'])}` : value;
}

/** A body: empty, UTF-8 text (JSON-like, with non-ASCII), or raw bytes. */
export function randomBody(random: Random): string | Uint8Array {
  switch (random.int(0, 2)) {
    case 0:
      return '';
    case 1:
      return JSON.stringify({ JobId: random.text(ANY_TEXT, 0, 12), Limit: random.int(0, 100) });
    default:
      return random.bytes(random.int(1, 64));
  }
}
