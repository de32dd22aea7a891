// Historical event presets: a past market event's token moves, applied to the graph on screen
// ("what would March 2023 do to today's DeFi?"). Each preset is a set of token de-pegs with the size,
// date and source of every figure in one line; the figures are constants here (never read from the
// raw sources at run time). A token the graph does not hold is reported as absent, never as a 0%
// loss: "no holding of UST in this graph" is not the same claim as "UST's collapse costs nothing".
import type { Perimeter } from '../perimeter';
import type { Seed } from '../contagion';
import type { Snapshot } from '../types';

export type EventPresetId = 'usdc-2023' | 'ust-2022' | 'steth-2022' | 'ftx-2022' | 'drawdown';

export interface EventMove {
  /** Symbols that stand for the asset in a graph (e.g. STETH and WSTETH), matched case-insensitively. */
  symbols: string[];
  /** The de-peg / drawdown size δ in [0, 1]. */
  fraction: number;
  /** Where the size comes from, in one line. */
  source: string;
}

export interface EventPreset {
  id: EventPresetId;
  title: string;
  /** When it happened (what the figures refer to). */
  date: string;
  /** One line: the figures, their date and source. */
  citation: string;
  /** observed = figures of the event; hypothetical = sizes chosen by us, stated as such. */
  basis: 'observed' | 'hypothetical';
  /** The perimeter the preset needs (FTX is about exchanges, so it keeps them). */
  perimeter: Perimeter;
  moves: EventMove[];
  /** What the preset cannot shock in a present-day graph, said up front. */
  caveat?: string;
}

const USDC_LOW = 0.8726;

export const EVENT_PRESETS: readonly EventPreset[] = [
  {
    id: 'usdc-2023',
    title: 'USDC de-peg (March 2023)',
    date: '2023-03-11',
    citation: `USDC/USDT 0.8726 on Uniswap v3 (Ethereum) at 2023-03-11 08:00 UTC, hourly pool tick (QuantLet/onchain-insights): a ${+((1 - USDC_LOW) * 100).toFixed(2)}% de-peg of USDC`,
    basis: 'observed',
    perimeter: 'defi',
    moves: [
      {
        symbols: ['USDC', 'USDC.E', 'USDBC'],
        fraction: +(1 - USDC_LOW).toFixed(4),
        source: 'USDC/USDT 0.8726, Uniswap v3, 2023-03-11 08:00 UTC',
      },
    ],
  },
  {
    id: 'ust-2022',
    title: 'UST / LUNA collapse (May 2022)',
    date: '2022-05-13',
    citation:
      'UST lost its peg on 2022-05-09 and traded below $0.20 by 2022-05-12; LUNA fell more than 99.9% that week (commonly cited, CoinGecko price history): both taken as near zero, shocked at 99%',
    basis: 'observed',
    perimeter: 'defi',
    moves: [
      {
        symbols: ['UST', 'USTC'],
        fraction: 0.99,
        source: 'UST below $0.20 by 2022-05-12 (CoinGecko), taken as near zero',
      },
      { symbols: ['LUNA', 'LUNC'], fraction: 0.99, source: 'LUNA −99.9% in the week of 2022-05-09 (CoinGecko)' },
    ],
  },
  {
    id: 'steth-2022',
    title: 'stETH discount (June 2022)',
    date: '2022-06',
    citation:
      'stETH/ETH ≈ 0.935 at its mid-June 2022 low (2022-06-13 … 06-18; commonly cited figure, Curve ETH/stETH pool): a 6.5% discount; the Curve ETH/stETH pool fell from 1,982 to 606 M USD between 2022-05-25 and 06-18 (DefiLlama via PaulApivat/pipe-defillama-data-to-dune)',
    basis: 'observed',
    perimeter: 'defi',
    moves: [
      {
        symbols: ['STETH', 'WSTETH'],
        fraction: 0.065,
        source: 'stETH/ETH ≈ 0.935, mid-June 2022 low (commonly cited, Curve pool)',
      },
    ],
  },
  {
    id: 'ftx-2022',
    title: 'FTX collapse (November 2022)',
    date: '2022-11-11',
    citation:
      'FTT fell from ≈ $22 to ≈ $1.5–2 between 2022-11-06 and 11-11 (−93%), SOL from ≈ $36 to ≈ $14 (−60%) (commonly cited, CoinGecko price history); exchanges kept (all perimeter) so their holdings count',
    basis: 'observed',
    perimeter: 'all',
    moves: [
      { symbols: ['FTT'], fraction: 0.93, source: 'FTT ≈ $22 → ≈ $1.5, 2022-11-06 … 11-11 (CoinGecko)' },
      { symbols: ['SOL', 'WSOL'], fraction: 0.6, source: 'SOL ≈ $36 → ≈ $14, 2022-11-06 … 11-11 (CoinGecko)' },
      { symbols: ['SRM'], fraction: 0.8, source: 'SRM (Alameda-linked) ≈ −80% the same week (CoinGecko)' },
    ],
    caveat:
      'FTX and Alameda are not in a present-day graph: the preset shocks the tokens they issued or backed (FTT, SRM) and SOL, held by protocols and, in the all perimeter, by exchanges; the exchange failure itself is not modelled.',
  },
  {
    id: 'drawdown',
    title: 'Correlated crypto drawdown (hypothetical)',
    date: 'hypothetical',
    citation:
      'Hypothetical sizes of the order of the week of 2022-06-13 (ETH ≈ −30%, BTC ≈ −25%): ETH and its staking tokens −30%, BTC wrappers −25%, SOL −35%, stablecoins unchanged',
    basis: 'hypothetical',
    perimeter: 'defi',
    moves: [
      {
        symbols: [
          'WETH',
          'ETH',
          'STETH',
          'WSTETH',
          'WEETH',
          'EETH',
          'RETH',
          'CBETH',
          'RSETH',
          'EZETH',
          'METH',
          'OSETH',
        ],
        fraction: 0.3,
        source: 'ETH −30% (hypothetical, of the order of June 2022)',
      },
      { symbols: ['WBTC', 'CBBTC', 'TBTC', 'BTCB', 'LBTC'], fraction: 0.25, source: 'BTC −25% (hypothetical)' },
      { symbols: ['SOL', 'WSOL', 'JITOSOL', 'MSOL'], fraction: 0.35, source: 'SOL −35% (hypothetical)' },
    ],
  },
];

export const EVENT_PRESET_IDS = EVENT_PRESETS.map((p) => p.id);

export function isEventPresetId(value: unknown): value is EventPresetId {
  return typeof value === 'string' && (EVENT_PRESET_IDS as readonly string[]).includes(value);
}

export function eventPreset(id: EventPresetId): EventPreset {
  return EVENT_PRESETS.find((p) => p.id === id)!;
}

export interface ResolvedMove {
  /** The symbols of the move found in this graph with a positive holding. */
  held: { symbol: string; heldUsd: number }[];
  /** The move's symbols this graph holds none of. */
  absent: string[];
  fraction: number;
  source: string;
}

export interface ResolvedEvent {
  preset: EventPreset;
  /** Token seeds for the symbols this graph holds. */
  seeds: Seed[];
  moves: ResolvedMove[];
  /** USD held of the shocked tokens: the base the de-pegs apply to. */
  heldUsd: number;
  /** False when the graph holds none of the event's tokens: there is nothing to run, and no 0% to show. */
  applicable: boolean;
  /** What the preset shocks here and what it cannot, in words. */
  notes: string[];
}

/** USD held per token symbol (exact symbols of the table), positive holdings only. */
function heldBySymbol(snapshot: Snapshot): Map<string, number> {
  const out = new Map<string, number>();
  const { holdings, tokens } = snapshot;
  for (let h = 0; h < holdings.count; h++) {
    const usd = holdings.usd[h];
    if (!(usd > 0)) continue;
    const symbol = tokens.symbols[holdings.token[h]];
    out.set(symbol, (out.get(symbol) ?? 0) + usd);
  }
  return out;
}

/** The preset's seeds on this graph (already in the preset's perimeter), with what is absent said. */
export function resolveEvent(snapshot: Snapshot, preset: EventPreset): ResolvedEvent {
  const held = heldBySymbol(snapshot);
  const byLower = new Map<string, string[]>();
  for (const symbol of held.keys()) {
    const key = symbol.toLowerCase();
    byLower.set(key, [...(byLower.get(key) ?? []), symbol]);
  }
  const seeds: Seed[] = [];
  const moves: ResolvedMove[] = [];
  const seen = new Set<string>();
  let heldUsd = 0;
  for (const move of preset.moves) {
    const resolved: ResolvedMove = { held: [], absent: [], fraction: move.fraction, source: move.source };
    for (const wanted of move.symbols) {
      const found = byLower.get(wanted.toLowerCase()) ?? [];
      if (found.length === 0) resolved.absent.push(wanted);
      for (const symbol of found) {
        if (seen.has(symbol)) continue; // one symbol in two moves (SOL): the first move's size
        seen.add(symbol);
        const usd = held.get(symbol)!;
        resolved.held.push({ symbol, heldUsd: usd });
        heldUsd += usd;
        seeds.push({ kind: 'token', symbol, fraction: move.fraction });
      }
    }
    moves.push(resolved);
  }
  const notes: string[] = [];
  for (const m of moves) {
    if (m.held.length === 0) notes.push(`no holding of ${m.absent.join(' / ')} in this graph`);
  }
  if (preset.caveat) notes.push(preset.caveat);
  return { preset, seeds, moves, heldUsd, applicable: seeds.length > 0, notes };
}
