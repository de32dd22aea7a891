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

/**
 * Where each week's value lies in the bytes of `{"data": {"<date>": {...}, ...}}` (no other
 * top-level key, week values objects), by date; a repeated date keeps its last value, as
 * JSON.parse does. Null for anything else. It only finds boundaries: whether each week is valid
 * JSON is for JSON.parse to say.
 */
export function dexposureWeekRanges(bytes: Uint8Array): Map<string, [number, number]> | null {
  const decoder = new TextDecoder('utf-8');
  let at = 0;
  const n = bytes.length;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) at = 3; // UTF-8 byte-order mark
  const skipSpace = () => {
    while (at < n && isSpace(bytes[at])) at++;
  };
  const expect = (b: number) => {
    skipSpace();
    if (bytes[at] !== b) throw new NotPlain();
    at++;
  };
  /** A string token at `at` (opening quote included), decoded by JSON.parse. */
  const readString = (): string => {
    skipSpace();
    const start = at;
    if (bytes[at] !== QUOTE) throw new NotPlain();
    at++;
    while (at < n && bytes[at] !== QUOTE) at += bytes[at] === BACKSLASH ? 2 : 1;
    if (at >= n) throw new NotPlain();
    at++;
    return JSON.parse(decoder.decode(bytes.subarray(start, at))) as string;
  };
  /** Skips an object or array value, strings inside included; returns its end (exclusive). */
  const skipComposite = (): number => {
    let depth = 0;
    while (at < n) {
      const b = bytes[at++];
      if (b === QUOTE) {
        while (at < n && bytes[at] !== QUOTE) at += bytes[at] === BACKSLASH ? 2 : 1;
        at++;
      } else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        if (--depth === 0) return at;
      }
    }
    throw new NotPlain();
  };
  try {
    expect(OPEN_BRACE);
    if (readString() !== 'data') return null;
    expect(COLON);
    expect(OPEN_BRACE);
    const ranges = new Map<string, [number, number]>();
    skipSpace();
    if (bytes[at] === CLOSE_BRACE) at++;
    else
      for (;;) {
        const date = readString();
        // "__proto__" is a key JSON.parse keeps and the checks skip: the whole-text reader decides.
        if (date === '__proto__') return null;
        expect(COLON);
        skipSpace();
        if (bytes[at] !== OPEN_BRACE) return null;
        const start = at;
        ranges.delete(date); // a repeated key: the last value, at the first key's place
        ranges.set(date, [start, skipComposite()]);
        skipSpace();
        if (bytes[at] === COMMA) {
          at++;
          continue;
        }
        expect(CLOSE_BRACE);
        break;
      }
    expect(CLOSE_BRACE);
    skipSpace();
    return at === n ? ranges : null;
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
  const weekOf = (date: string): DexposureWeek => {
    const [start, end] = ranges.get(date)!;
    const json: unknown = JSON.parse(decoder.decode(bytes.subarray(start, end)));
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
