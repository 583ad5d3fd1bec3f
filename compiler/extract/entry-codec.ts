/**
 * The extraction cache's compact encoding of a JSON-like value: no key is repeated, a null is one
 * word, and a string repeated where it stands (a span's file, "public", "builtin") is stored once.
 * The benchmark's whole-tree entry is 2.9 MB instead of 7.7 MB of JSON at 2,000 tables, 14.7 MB
 * instead of 38.6 MB at 10,000. Measured in CPU profiles of builds at 10,000 tables: writing it
 * (this walk, which also does what a separate JSON check did, and the file) takes 15–25% less than
 * the check, JSON.stringify and the write of the JSON did; reading it back takes about a third of
 * JSON.parse's time. Summaries stay JSON: they need no check walk, and per file JSON wrote them in
 * half the time and read them as fast.
 *
 * Layout: the word `magic` in the machine's byte order (the tape's), a little-endian word with the
 * byte length of a JSON head `[strings, shapes, numbers]`, the head padded to a whole word, then a
 * tape of 32-bit words, one token per value in depth-first order. A token's low three bits are its
 * tag, the rest its payload:
 * - string: payload = index in `strings`;
 * - object: payload = index in `shapes` (one list of keys per distinct key list, in the object's
 *   order), then its values in that order;
 * - array: payload = length, then the items;
 * - integer: payload = the value, for integers in 0 ≤ n < 2^29;
 * - number: payload = index in `numbers` (JSON gives every finite number but -0 back exactly);
 * - constant: payload 0 = null, 1 = false, 2 = true.
 * A value JSON would not give back exactly is refused (see `encodeValue`). On a machine of the
 * other byte order the magic word reads wrong, so an entry is a miss there, never a wrong value.
 */

import { endianness } from "node:os";

const tagString = 0;
const tagObject = 1;
const tagArray = 2;
const tagInteger = 3;
const tagNumber = 4;
const tagConstant = 5;
/** Payloads are below 2^29: three bits of a 32-bit word hold the tag. */
const payloadLimit = 2 ** 29;
/** Reads "SCt1" on a little-endian machine. */
const magic = 0x31_74_43_53;
/** The tape is a Uint32Array, so in the machine's byte order; the magic word is written in it too. */
const littleEndian = endianness() === "LE";

/**
 * The encoding of `value`, or null when JSON would not give it back exactly (so neither may the
 * cache): an undefined property or item, a hole, NaN, ±Infinity, -0, a function, symbol or bigint,
 * an object whose prototype is not Object.prototype or an array whose prototype is not
 * Array.prototype (class instances, Maps, Dates), a cycle. This one walk replaces a separate check.
 */
export function encodeValue(value: unknown): Uint8Array | null {
  const encoder = new Encoder();
  try {
    return encoder.write(value, encoder.arrayItems, 0) ? encoder.finish() : null;
  } catch {
    return null; // a cycle or a nesting too deep for the stack, or a payload too large
  }
}

/** The value `bytes` encode, or undefined when they are not a whole, well-formed encoding. Never throws. */
export function decodeValue(bytes: Uint8Array): unknown {
  try {
    return decode(bytes);
  } catch {
    return undefined;
  }
}

/** The decoder's source values, in tape order: the JSON head of an encoding. */
type Head = [strings: string[], shapes: (readonly string[])[], numbers: number[]];

/**
 * The last string written at each place and its token: most strings of a tree repeat where they
 * stand (a span's file, "public", "builtin"), and a repeat is written as the first one's token.
 * Other repeats are stored again: finding them means hashing every string, which took about as
 * long as writing the whole tape (356,000 of the 724,000 strings at 10,000 tables are stored).
 */
interface StringCache {
  readonly strings: (string | undefined)[];
  readonly tokens: Uint32Array;
}

/** An object shape: its keys in order, and a string cache per key. */
interface Shape extends StringCache {
  readonly token: number;
  readonly keys: readonly string[];
}

/**
 * A shape, or (no keys) the string cache of arrays' items: one kind of object and arrays whose
 * elements never change kind, so the walk's optimized code never meets another map and deopts.
 */
function newShape(token: number, keys: readonly string[]): Shape {
  const places = Math.max(keys.length, 1);
  return { token, keys, strings: Array.from({ length: places }, () => undefined), tokens: new Uint32Array(places) };
}

/**
 * The walk, one small recursive method (it runs once per build, so most of it runs before the
 * optimizing compiler is done with it: the less code, the sooner). Objects' keys and values are
 * read in one for-in loop (V8's fast path for `record[key]` there) onto a stack of pending ones.
 */
class Encoder {
  /** Small at first: it grows early, before the walk is optimized, so growing never deopts it. */
  private tape = new Uint32Array(1 << 10);
  private length = 0;
  private readonly head: Head = [[], [], []];
  /** Shapes by their first key ("" for the empty one too; lengths tell them apart). */
  private readonly shapesByFirstKey = new Map<string, Shape[]>();
  private readonly keys: string[] = [];
  private readonly values: unknown[] = [];
  private top = 0;
  /** The string cache of arrays' items. */
  readonly arrayItems: StringCache = newShape(0, []);

  /** Writes one value found at `slot` of `cache`'s place; false when it is refused (see `encodeValue`). */
  write(value: unknown, cache: StringCache, slot: number): boolean {
    if (this.length === this.tape.length) this.grow();
    switch (typeof value) {
      case "string":
        if (value !== cache.strings[slot]) {
          cache.strings[slot] = value;
          cache.tokens[slot] = payload(this.head[0].push(value) - 1) * 8 + tagString;
        }
        this.tape[this.length++] = cache.tokens[slot] as number;
        return true;
      case "number":
        if (value === value >>> 0 && value < payloadLimit && (value !== 0 || 1 / value > 0)) this.tape[this.length++] = value * 8 + tagInteger;
        else if (Number.isFinite(value) && !Object.is(value, -0)) this.tape[this.length++] = payload(this.head[2].push(value) - 1) * 8 + tagNumber;
        else return false;
        return true;
      case "boolean":
        this.tape[this.length++] = (value ? 2 : 1) * 8 + tagConstant;
        return true;
      case "object":
        if (value === null) {
          this.tape[this.length++] = tagConstant;
          return true;
        }
        if (Array.isArray(value)) {
          if (Object.getPrototypeOf(value) !== Array.prototype) return false;
          this.tape[this.length++] = payload(value.length) * 8 + tagArray;
          // An index loop, not for-of: a hole reads as undefined and is refused.
          for (let i = 0; i < value.length; i++) if (!this.write(value[i], this.arrayItems, 0)) return false;
          return true;
        }
        return this.writeObject(value as Record<string, unknown>);
      default:
        return false;
    }
  }

  private writeObject(record: Record<string, unknown>): boolean {
    if (Object.getPrototypeOf(record) !== Object.prototype) return false;
    const base = this.top;
    let top = base;
    for (const key in record) {
      this.keys[top] = key;
      this.values[top++] = record[key];
    }
    this.top = top;
    const shape = this.shape(base, top - base);
    this.tape[this.length++] = shape.token;
    let written = true;
    for (let i = base; i < top && written; i++) written = this.write(this.values[i], shape, i - base);
    this.top = base;
    return written;
  }

  /** The shape of the `count` keys from `base` in `keys`, made on first sight. */
  private shape(base: number, count: number): Shape {
    const keys = this.keys;
    const first = count === 0 ? "" : (keys[base] as string);
    let candidates = this.shapesByFirstKey.get(first);
    if (candidates === undefined) {
      candidates = [];
      this.shapesByFirstKey.set(first, candidates);
    }
    for (const shape of candidates) if (sameKeys(shape.keys, keys, base, count)) return shape;
    const shapes = this.head[1];
    const shape = newShape(payload(shapes.length) * 8 + tagObject, keys.slice(base, base + count));
    shapes.push(shape.keys);
    candidates.push(shape);
    return shape;
  }

  private grow(): void {
    const grown = new Uint32Array(this.tape.length * 2);
    grown.set(this.tape);
    this.tape = grown;
  }

  finish(): Uint8Array {
    const head = Buffer.from(JSON.stringify(this.head), "utf8");
    const tapeStart = 8 + Math.ceil(head.length / 4) * 4;
    const bytes = Buffer.allocUnsafe(tapeStart + this.length * 4);
    if (littleEndian) bytes.writeUInt32LE(magic, 0);
    else bytes.writeUInt32BE(magic, 0);
    bytes.writeUInt32LE(head.length, 4);
    head.copy(bytes, 8);
    bytes.fill(0, 8 + head.length, tapeStart);
    bytes.set(new Uint8Array(this.tape.buffer, 0, this.length * 4), tapeStart);
    return bytes;
  }
}

/** A payload, checked to fit its token (a value that large is not cached, see `encodeValue`). */
function payload(n: number): number {
  if (n >= payloadLimit) throw new RangeError("too large to encode");
  return n;
}

function sameKeys(shapeKeys: readonly string[], keys: readonly string[], base: number, count: number): boolean {
  if (shapeKeys.length !== count) return false;
  for (let i = 0; i < count; i++) if (shapeKeys[i] !== keys[base + i]) return false;
  return true;
}

/** A decoding shape: its keys, and whether one of them is "__proto__" (set as an own property). */
interface Keys {
  readonly keys: readonly string[];
  readonly definesProto: boolean;
}

function decode(bytes: Uint8Array): unknown {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 8 || buffer.length % 4 !== 0) return undefined;
  if ((littleEndian ? buffer.readUInt32LE(0) : buffer.readUInt32BE(0)) !== magic) return undefined;
  const headLength = buffer.readUInt32LE(4);
  const tapeStart = 8 + Math.ceil(headLength / 4) * 4;
  if (tapeStart > buffer.length) return undefined;
  const head: unknown = JSON.parse(buffer.toString("utf8", 8, 8 + headLength));
  if (!Array.isArray(head) || head.length !== 3) return undefined;
  const [strings, shapeKeys, numbers] = head as unknown[];
  if (!isArrayOf(strings, isString) || !isArrayOf(numbers, isNumber) || !isArrayOf(shapeKeys, isStringArray)) return undefined;
  const shapes: Keys[] = shapeKeys.map((keys) => ({ keys, definesProto: keys.includes("__proto__") }));
  // A typed view needs an aligned offset; a buffer from the pool may not have one.
  const aligned = (buffer.byteOffset + tapeStart) % 4 === 0 ? buffer : Buffer.from(buffer);
  const tape = new Uint32Array(aligned.buffer, aligned.byteOffset + tapeStart, (aligned.length - tapeStart) / 4);
  const reader = new Reader(tape, strings, shapes, numbers);
  const value = reader.read();
  return reader.atEnd() ? value : undefined;
}

class Reader {
  private position = 0;

  constructor(
    private readonly tape: Uint32Array,
    private readonly strings: readonly string[],
    private readonly shapes: readonly Keys[],
    private readonly numbers: readonly number[],
  ) {}

  atEnd(): boolean {
    return this.position === this.tape.length;
  }

  read(): unknown {
    if (this.position >= this.tape.length) throw new RangeError("truncated");
    const token = this.tape[this.position++] as number;
    const payload = token >>> 3;
    switch (token & 7) {
      case tagString:
        return defined(this.strings[payload]);
      case tagObject:
        return this.readObject(defined(this.shapes[payload]));
      case tagArray:
        return this.readArray(payload);
      case tagInteger:
        return payload;
      case tagNumber:
        return defined(this.numbers[payload]);
      case tagConstant:
        if (payload > 2) throw new RangeError("bad constant");
        return payload === 0 ? null : payload === 2;
      default:
        throw new RangeError("bad tag");
    }
  }

  private readArray(length: number): unknown[] {
    // Every item takes a word at least: a longer array is corrupt, not a reason to allocate.
    if (length > this.tape.length - this.position) throw new RangeError("truncated");
    const items: unknown[] = [];
    for (let i = 0; i < length; i++) items.push(this.read());
    return items;
  }

  private readObject(shape: Keys): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    if (shape.definesProto) {
      for (const key of shape.keys) Object.defineProperty(record, key, { value: this.read(), writable: true, enumerable: true, configurable: true });
      return record;
    }
    for (const key of shape.keys) record[key] = this.read();
    return record;
  }
}

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new RangeError("index out of range");
  return value;
}

function isArrayOf<T>(value: unknown, is: (item: unknown) => item is T): value is T[] {
  return Array.isArray(value) && value.every(is);
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function isNumber(value: unknown): value is number {
  return typeof value === "number";
}

function isStringArray(value: unknown): value is string[] {
  return isArrayOf(value, isString);
}
