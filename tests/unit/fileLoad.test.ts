// Reading the user's files (the code the file-load worker runs): progress, the size guard before
// any byte is read, the UTF-8 byte-order mark, and every failure as a located message.
import { describe, expect, it } from 'vitest';
import { describeLoadError, readFileText } from '../../src/ui/load/fileLoadCore';
import { MAX_FILE_BYTES, parseInputFiles, SnapshotError } from '../../src/core/snapshot';

describe('readFileText', () => {
  it('reads every file as text and reports bytes read across all of them, ending at the total', async () => {
    const big = 'x'.repeat(300_000);
    const files = [new File([big], 'a.json'), new File(['héllo'], 'b.csv')];
    const seen: [number, number][] = [];
    const out = await readFileText(files, (loaded, total) => seen.push([loaded, total]));
    expect(out.map((f) => f.name)).toEqual(['a.json', 'b.csv']);
    expect(out[0].text).toBe(big);
    expect(out[1].text).toBe('héllo');
    const total = 300_000 + Buffer.byteLength('héllo');
    expect(seen[0]).toEqual([0, total]);
    expect(seen[seen.length - 1]).toEqual([total, total]);
    for (let k = 1; k < seen.length; k++) expect(seen[k][0]).toBeGreaterThan(seen[k - 1][0]);
    expect(seen.length).toBeLessThanOrEqual(102);
  });

  it('reports a big file in about a hundred steps, not one per chunk', async () => {
    // Browsers stream a File in chunks of 64 KB or so: 1,000 chunks of 8 KB here.
    const chunk = new Uint8Array(8_000).fill(32);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 1_000) controller.enqueue(chunk.slice());
        else controller.close();
      },
    });
    const big = { name: 'big.json', size: 8_000_000, stream: () => stream } as unknown as File;
    const seen: number[] = [];
    await readFileText([big], (loaded) => seen.push(loaded));
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.length).toBeLessThanOrEqual(102);
    expect(seen[seen.length - 1]).toBe(8_000_000);
  });

  it('drops a UTF-8 byte-order mark so a valid JSON file parses', async () => {
    const [f] = await readFileText([new File(['\uFEFF{"a":1}'], 'bom.json')], () => {});
    expect(JSON.parse(f.text)).toEqual({ a: 1 });
  });

  it('refuses an oversized file before reading it', async () => {
    let read = false;
    const huge = {
      name: 'huge.json',
      size: MAX_FILE_BYTES + 1,
      stream() {
        read = true;
        throw new Error('must not be read');
      },
    } as unknown as File;
    await expect(readFileText([huge], () => {})).rejects.toThrow(/huge\.json: file is too large/);
    expect(read).toBe(false);
  });
});

describe('describeLoadError', () => {
  it('keeps the file and every located issue of a SnapshotError (capped at 50, with the total)', () => {
    const issues = Array.from({ length: 70 }, (_, k) => ({
      path: `nodes[${k}].size`,
      message: 'expected a finite number ≥ 0, got "abc"',
    }));
    const d = describeLoadError(new SnapshotError(issues, 'week.json'));
    expect(d.file).toBe('week.json');
    expect(d.issues).toHaveLength(50);
    expect(d.issues[3].path).toBe('nodes[3].size');
    expect(d.total).toBe(70);
  });

  it('turns a real parse failure into the loader’s located message', () => {
    let err: unknown;
    try {
      parseInputFiles([
        { name: 'bad.json', text: '{"data": {"2025-01-06": {"nodes": [{"id": 1, "size": "abc"}], "links": []}}}' },
      ]);
    } catch (e) {
      err = e;
    }
    const d = describeLoadError(err);
    expect(d.file).toBe('bad.json');
    expect(d.issues.some((i) => i.path.includes('nodes[0].size') && /finite number/.test(i.message))).toBe(true);
  });

  it('explains a stack overflow or out-of-memory as a file too nested or too large', () => {
    const d = describeLoadError(new RangeError('Maximum call stack size exceeded'));
    expect(d.issues[0].message).toMatch(/too deeply nested or too large/);
    expect(describeLoadError('boom').issues[0].message).toBe('boom');
  });
});
