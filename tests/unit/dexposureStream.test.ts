// Reading a DeXposure history week by week from its bytes (the file-load worker's way for big
// files): the same dataset as the whole-text reader on valid files, weeks reported as they are
// built, and null (leave it to the whole-text reader and its located errors) on anything else.
import { describe, expect, it } from 'vitest';
import { parseDatasetText, parseInputFiles, SnapshotError } from '../../src/core/snapshot';
import { dexposureWeekRanges, parseDexposureBytes } from '../../src/core/snapshot/dexposureStream';
import { parseInputBytesByWeek } from '../../src/core/snapshot/files';
import type { Dataset, Snapshot } from '../../src/core/types';

const bytes = (text: string) => new TextEncoder().encode(text);

const META = 'id,name,category\n182,Lido,Liquid Staking\n1599,AAVE V3,Lending\n118,MakerDAO,CDP\n';

/** Three weeks, out of date order, with churn, a duplicate link, a link to an unknown node, a
 * token node, escapes and braces inside strings. */
const FILE = {
  data: {
    '2025-01-13': {
      nodes: [
        { id: 182, size: 1000, composition: { WETH: 1000 } },
        { id: '1599', size: 800, composition: { WSTETH: 300, 'D"A}I': 100, WETH: 400 } },
        { id: 118, size: 600, composition: {} },
        { id: 'WETH', size: 1400 },
      ],
      links: [
        { source: 1599, target: 182, size: 300 },
        { source: 1599, target: 118, size: 60 },
        { source: '1599', target: 118, size: 40 },
        { source: 1599, target: 'WETH', size: 400 },
        { source: 182, target: 9999, size: 1 },
      ],
    },
    '2025-01-06': { nodes: [{ id: 182, size: 900, composition: { 'x\\{': 5 } }], links: [] },
    '2025-01-20': {
      nodes: [
        { id: 182, size: 1100 },
        { id: 7, size: 50, composition: { WSTETH: 20 } },
      ],
      links: [{ source: 7, target: 182, size: 20 }],
    },
  },
};

/** Typed arrays become plain arrays, so toEqual compares contents. */
function plain(ds: Dataset | null): unknown {
  return JSON.parse(JSON.stringify(ds, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as never) : v)));
}

describe('dexposureWeekRanges', () => {
  it('finds each week by date, through white space, a byte-order mark and braces inside strings', () => {
    const text = `\uFEFF {\n "data" : {\n "2025-01-13": ${JSON.stringify(FILE.data['2025-01-13'])} ,"2025-01-06":${JSON.stringify(FILE.data['2025-01-06'])}} }\n`;
    const b = bytes(text);
    const ranges = dexposureWeekRanges(b)!;
    expect([...ranges.keys()]).toEqual(['2025-01-13', '2025-01-06']);
    const decode = (r: [number, number]) => JSON.parse(new TextDecoder().decode(b.subarray(r[0], r[1]))) as unknown;
    expect(decode(ranges.get('2025-01-13')!)).toEqual(FILE.data['2025-01-13']);
    expect(decode(ranges.get('2025-01-06')!)).toEqual(FILE.data['2025-01-06']);
  });

  it('keeps the last value of a repeated date, as JSON.parse does', () => {
    const text = '{"data":{"2025-01-06":{"nodes":[],"a":1},"2025-01-06":{"nodes":[],"b":2}}}';
    const b = bytes(text);
    const r = dexposureWeekRanges(b)!.get('2025-01-06')!;
    expect(new TextDecoder().decode(b.subarray(r[0], r[1]))).toBe('{"nodes":[],"b":2}');
  });

  it('is null for anything but the plain layout', () => {
    for (const text of [
      '',
      '[]',
      '{"format":"defi-exposure-compact","data":{}}',
      '{"data":{},"extra":1}',
      '{"data":{"2025-01-06":[1,2]}}',
      '{"data":{"2025-01-06":{"nodes":[]}}} trailing',
      '{"data":{"2025-01-06":{"nodes":[]}',
      '{"data":{"__proto__":{"nodes":[]}}}',
      '{"data":{"2025-01-06":{"nodes":[]} "2025-01-13":{}}}',
    ])
      expect(dexposureWeekRanges(bytes(text)), text).toBeNull();
  });
});

describe('parseDexposureBytes', () => {
  it('builds the same dataset as the whole-text reader, with and without meta, reporting each week', () => {
    const text = JSON.stringify(FILE);
    const seen: [string, number, number][] = [];
    const byWeek = parseDexposureBytes(bytes(text), { fileName: 'h.json' }, (w, i, n) => seen.push([w.date, i, n]));
    expect(plain(byWeek)).toEqual(plain(parseDatasetText(text, { fileName: 'h.json' })));
    expect(seen).toEqual([
      ['2025-01-06', 0, 3],
      ['2025-01-13', 1, 3],
      ['2025-01-20', 2, 3],
    ]);
    // The week of 2025-01-13: the duplicate link summed, the unknown target dropped (warnings kept).
    expect(byWeek!.warnings).toEqual(['1 edge(s) to unknown nodes dropped', '1 duplicate edge(s) summed']);
    // Handed over: every week reaches onWeek, none stays in the returned dataset (same header).
    const handed: Snapshot[] = [];
    const header = parseInputBytesByWeek([{ name: 'h.json', bytes: bytes(text) }], (w) => handed.push(w), true);
    expect(header!.weeks).toEqual([]);
    expect(plain({ ...header!, weeks: handed })).toEqual(plain(byWeek));
    const withMeta = parseInputBytesByWeek([
      { name: 'h.json', bytes: bytes(text) },
      { name: 'meta_df.csv', bytes: bytes(META) },
    ]);
    expect(withMeta!.weeks[1].names).toEqual(['Lido', 'AAVE V3', 'MakerDAO', 'WETH']);
    expect(plain(withMeta)).toEqual(
      plain(
        parseInputFiles([
          { name: 'h.json', text },
          { name: 'meta_df.csv', text: META },
        ]),
      ),
    );
  });

  it('reads weeks whose members come in any order, with other keys and a repeated "nodes" (the last counts)', () => {
    const week = FILE.data['2025-01-13'];
    const text = `{"data":{"2025-01-13":{"links":${JSON.stringify(week.links)},"note":"a } in text","n":-1.5e3,"ok":true,"nodes":[{"id":5,"size":1}],"nodes":${JSON.stringify(week.nodes)}}}}`;
    expect(plain(parseDexposureBytes(bytes(text)))).toEqual(plain(parseDatasetText(text)));
    expect(parseDexposureBytes(bytes(text))!.weeks[0].n).toBe(4);
  });

  it('is null where the whole-text reader must explain the problem, which it still does', () => {
    const invalid = JSON.stringify({ data: { '2025-01-06': { nodes: [{ id: 1, size: 'abc' }], links: [] } } });
    const duplicate = JSON.stringify({
      data: {
        '2025-01-06': {
          nodes: [
            { id: 1, size: 1 },
            { id: 1, size: 2 },
          ],
          links: [],
        },
      },
    });
    const badDate = JSON.stringify({ data: { 'week 1': { nodes: [], links: [] } } });
    const brokenWeek = '{"data":{"2025-01-06":{"nodes":[{"id":1,"size":1,}],"links":[]}}}';
    const brokenLinks = '{"data":{"2025-01-06":{"nodes":[{"id":1,"size":1}],"links":[{"source":1,}]}}}';
    const noNodes = '{"data":{"2025-01-06":{"links":[]}}}';
    for (const text of [invalid, duplicate, badDate, brokenWeek, brokenLinks, noNodes, '{"data":{}}']) {
      expect(parseDexposureBytes(bytes(text)), text).toBeNull();
      expect(() => parseInputFiles([{ name: 'x.json', text }])).toThrow(SnapshotError);
    }
  });

  it('leaves other layouts and file sets to the whole-text reader', () => {
    const text = JSON.stringify(FILE);
    const edges = bytes('source,target,size\na,b,1\n');
    expect(parseInputBytesByWeek([{ name: 'a.csv', bytes: edges }])).toBeNull();
    expect(
      parseInputBytesByWeek([
        { name: 'h.json', bytes: bytes(text) },
        { name: 'edges.csv', bytes: edges },
      ]),
    ).toBeNull();
    expect(
      parseInputBytesByWeek([
        { name: 'h.json', bytes: bytes(text) },
        { name: 'g.json', bytes: bytes(text) },
      ]),
    ).toBeNull();
    expect(parseInputBytesByWeek([{ name: 'c.json', bytes: bytes('{"format":"defi-exposure-compact"}') }])).toBeNull();
    expect(parseInputBytesByWeek([{ name: 'h.json', bytes: bytes(text) }])).not.toBeNull();
  });
});
