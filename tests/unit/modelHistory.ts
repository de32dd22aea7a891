// A small deterministic weekly history for the model tests (not a test file itself).
// Protocols hold tokens of issuers; edges mostly persist, some vanish, new ones follow
// what sector peers hold; TVL follows a random walk with a per-protocol drift.
import type { Dataset, Sector, Snapshot } from '../../src/core/types';
import { mulberry32 } from '../../src/model/rng';
import { tinySnapshot, type TinyNode } from './fixtures';

const SECTOR_CYCLE: Sector[] = [
  'Trading & Exchanges',
  'Asset Management',
  'Lending, Borrowing & Real World Assets',
  'Infrastructure, Services & Financial Products',
];

export function makeHistory(
  opts: { protocols?: number; weeks?: number; seed?: number; absent?: { id: string; weeks: number[] } } = {},
): Dataset {
  const protocols = opts.protocols ?? 30;
  const weekCount = opts.weeks ?? 20;
  const random = mulberry32(opts.seed ?? 7);
  const nodes: TinyNode[] = [];
  for (let i = 0; i < protocols; i++) {
    nodes.push({
      id: `p${i}`,
      tvl: Math.exp(14 + 3 * random()),
      sector: SECTOR_CYCLE[i % SECTOR_CYCLE.length],
      category: i % 7 === 3 ? 'Bridge' : 'Lending',
    });
  }
  for (let i = 0; i < 3; i++) nodes.push({ id: `tok${i}`, tvl: 0, sector: 'Primary Market Tokens', kind: 'token' });
  const drift = nodes.map(() => (random() - 0.5) * 0.06);
  const tvl = nodes.map((n) => n.tvl);
  // Holdings as share of the holder's TVL, keyed "holder>issuer".
  const shares = new Map<string, number>();
  const issuers = nodes.map((n) => n.id);
  for (let i = 0; i < protocols; i++) {
    const k = 2 + Math.floor(random() * 3);
    for (let j = 0; j < k; j++) {
      const q = random() < 0.5 ? `tok${Math.floor(random() * 3)}` : `p${Math.floor(random() * protocols)}`;
      if (q !== `p${i}`) shares.set(`p${i}>${q}`, 0.05 + 0.2 * random());
    }
  }
  const weeks: Snapshot[] = [];
  for (let w = 0; w < weekCount; w++) {
    if (w > 0) {
      for (let i = 0; i < protocols; i++) tvl[i] *= Math.exp(drift[i] + 0.03 * (random() - 0.5));
      for (const key of [...shares.keys()]) {
        const s = shares.get(key)!;
        if (random() < 0.05 + (s < 0.1 ? 0.1 : 0)) shares.delete(key);
        else shares.set(key, s * Math.exp(0.1 * (random() - 0.5)));
      }
      for (let i = 0; i < protocols; i++) {
        if (random() < 0.12) {
          // A new holding, usually of something a sector peer holds.
          const peer = (i + SECTOR_CYCLE.length * (1 + Math.floor(random() * 3))) % protocols;
          const held = [...shares.keys()].filter((k) => k.startsWith(`p${peer}>`)).map((k) => k.split('>')[1]);
          const q =
            held.length && random() < 0.8
              ? held[Math.floor(random() * held.length)]
              : issuers[Math.floor(random() * issuers.length)];
          if (q !== `p${i}`) shares.set(`p${i}>${q}`, 0.05 + 0.1 * random());
        }
      }
    }
    const absent = new Set(opts.absent && opts.absent.weeks.includes(w) ? [opts.absent.id] : []);
    const present = nodes.filter((n) => !absent.has(n.id));
    const edges: [string, string, number][] = [];
    const tokenTvl = new Map<string, number>();
    for (const [key, s] of shares) {
      const [p, q] = key.split('>');
      if (absent.has(p) || absent.has(q)) continue;
      const usd = s * tvl[Number(p.slice(1))];
      edges.push([p, q, usd]);
      if (q.startsWith('tok')) tokenTvl.set(q, (tokenTvl.get(q) ?? 0) + usd);
    }
    const weekNodes = present.map((n) => ({
      ...n,
      tvl: n.kind === 'token' ? (tokenTvl.get(n.id) ?? 0) : tvl[Number(n.id.slice(1))],
    }));
    const snap = tinySnapshot(weekNodes, edges);
    const date = new Date(Date.UTC(2024, 0, 1) + w * 7 * 86_400_000).toISOString().slice(0, 10);
    weeks.push({ ...snap, dataset: 'test-history', date, provenance: { ...snap.provenance, date } });
  }
  return {
    name: 'test-history',
    title: 'test history',
    provenance: weeks[weeks.length - 1].provenance,
    weeks,
    warnings: [],
  };
}
