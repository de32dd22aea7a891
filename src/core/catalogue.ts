// The dataset catalogue, public/data/index.json: the datasets the app lists, in display order
// (default first). Written by `npm run data` (src/cli/dataBuild/catalogue.ts), read by the app
// (src/ui/data.ts).

export interface CatalogueEntry {
  name: string;
  title: string;
  /** File name inside public/data/. */
  file: string;
  date: string;
  synthetic: boolean;
  description: string;
  /** Nodes (protocols + token nodes) and edges of the latest week. */
  nodes: number;
  edges: number;
  coverage?: Record<string, number>;
  /** The user's own file (never fetched; kept in memory; never written to index.json). */
  local?: boolean;
}
