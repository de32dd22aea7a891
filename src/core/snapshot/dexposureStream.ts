// A large DeXposure-layout file read one week at a time: `JSON.parse` of a whole 100 MB history
// builds an object tree several times the file's size, which is most of the memory a load needs.
// Here the file stays bytes; a scan finds where each week's value lies, and each week is decoded,
// parsed, checked (the same hand check) and built (the same builder) on its own. Only a valid
// file of the plain layout `{"data": {"YYYY-MM-DD": {...}, ...}}` is read this way: on anything
// else the answer is null and the caller reads the whole text as before, which gives the located
// error message or the other layouts' result.
import { dexposureWeeksToDataset, type DexposureBuildOptions, type DexposureWeek } from './dexposureBuild';
import { fastDexposure } from './fastValidate';
import type { Dataset, Snapshot } from '../types';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Thrown inside the scan or a week's reading: leave this file to the whole-text reader. */
class NotPlain extends Error {}

/** A cursor over JSON bytes that finds where values lie without building them; it throws
 * NotPlain on anything it does not expect (JSON.parse later checks what lies inside). */
class Scanner {
  private readonly decoder = new TextDecoder('utf-8');
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
    private readonly end: number,
  ) {}

  skipSpace(): void {
    while (this.at < this.end && isSpace(this.bytes[this.at])) this.at++;
  }

  /** The next non-space byte, not consumed. */
  peek(): number {
    this.skipSpace();
    return this.at < this.end ? this.bytes[this.at] : -1;
  }

  expect(b: number): void {
    if (this.peek() !== b) throw new NotPlain();
    this.at++;
  }

  private skipStringBody(): void {
    const { bytes, end } = this;
    while (this.at < end && bytes[this.at] !== QUOTE) this.at += bytes[this.at] === BACKSLASH ? 2 : 1;
    if (this.at >= end) throw new NotPlain();
    this.at++;
  }

  /** A string token, decoded by JSON.parse. */
  readString(): string {
    const start = this.at;
    this.expect(QUOTE);
    this.skipStringBody();
    return JSON.parse(this.decoder.decode(this.bytes.subarray(start, this.at))) as string;
  }

  /** Skips any value (object, array, string, number, literal); returns its [start, end). */
  skipValue(): [number, number] {
    const first = this.peek();
    const start = this.at;
    if (first === QUOTE) {
      this.at++;
      this.skipStringBody();
    } else if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      let depth = 0;
      for (;;) {
        if (this.at >= this.end) throw new NotPlain();
        const b = this.bytes[this.at++];
        if (b === QUOTE) this.skipStringBody();
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && --depth === 0) break;
      }
    } else {
      const { bytes, end } = this;
      while (this.at < end && !isSpace(bytes[this.at]) && bytes[this.at] !== COMMA && bytes[this.at] !== CLOSE_BRACE)
        this.at++;
      if (this.at === start) throw new NotPlain();
    }
    return [start, this.at];
  }

  /** The members of the object at the cursor, each key's value range; a repeated key keeps its
   * last value, as JSON.parse does (at the first key's place). */
  members(): Map<string, [number, number]> {
    const out = new Map<string, [number, number]>();
    this.expect(OPEN_BRACE);
    if (this.peek() === CLOSE_BRACE) {
      this.at++;
      return out;
    }
    for (;;) {
      const key = this.readString();
      this.expect(COLON);
      const range = this.skipValue();
      out.delete(key);
      out.set(key, range);
      if (this.peek() === COMMA) {
        this.at++;
        continue;
      }
      this.expect(CLOSE_BRACE);
      return out;
    }
  }
}

/**
 * Where each week's value lies in the bytes of `{"data": {"<date>": {...}, ...}}` (no other
 * top-level key, week values objects), by date; a repeated date keeps its last value, as
 * JSON.parse does. Null for anything else. It only finds boundaries: whether each week is valid
 * JSON is for JSON.parse to say.
 */
export function dexposureWeekRanges(bytes: Uint8Array): Map<string, [number, number]> | null {
  try {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const top = new Scanner(bytes, bom, bytes.length);
    const outer = top.members();
    top.skipSpace();
    const data = outer.get('data');
    if (top.at !== bytes.length || outer.size !== 1 || !data) return null;
    const weeks = new Scanner(bytes, data[0], data[1]).members();
    for (const [date, [start]] of weeks)
      // "__proto__" is a key JSON.parse keeps and the checks skip: the whole-text reader decides.
      if (date === '__proto__' || bytes[start] !== OPEN_BRACE) return null;
    return weeks;
  } catch (err) {
    if (err instanceof NotPlain || err instanceof SyntaxError) return null;
    throw err;
  }
}

/**
 * The dataset of a valid DeXposure-layout file given as bytes, holding one week's JSON at a time;
 * null when the file is not simply that layout or anything in it fails (the whole-text reader
 * then gives the same answer it always gave, error messages included). `onWeek` sees each week
 * as soon as it is built.
 */
export function parseDexposureBytes(
  bytes: Uint8Array,
  opts: DexposureBuildOptions = {},
  onWeek?: (week: Snapshot, index: number, count: number) => void,
): Dataset | null {
  const ranges = dexposureWeekRanges(bytes);
  if (!ranges) return null;
  const decoder = new TextDecoder('utf-8');
  const parse = (range: [number, number]): unknown => JSON.parse(decoder.decode(bytes.subarray(range[0], range[1])));
  const weekOf = (date: string, nodesOnly: boolean): DexposureWeek => {
    const range = ranges.get(date)!;
    let json: unknown;
    if (nodesOnly) {
      // The first pass needs only the nodes: parse that member alone (the links are most of a week).
      const nodes = new Scanner(bytes, range[0], range[1]).members().get('nodes');
      if (!nodes) throw new NotPlain();
      json = { nodes: parse(nodes), links: [] };
    } else json = parse(range);
    const valid = fastDexposure({ data: { [date]: json } });
    if (!valid) throw new NotPlain();
    return valid.data[date];
  };
  try {
    return dexposureWeeksToDataset([...ranges.keys()].sort(), weekOf, opts, onWeek);
  } catch {
    // Invalid JSON, a week the hand check refuses, a duplicate id: the whole-text reader says where.
    return null;
  }
}
