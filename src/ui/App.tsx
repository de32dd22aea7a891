import { useEffect, useMemo } from 'react';
import { useExplorer } from './store';
import { formatUsd } from './format';

export function App() {
  const { catalogue, dataset, datasetName, loadState, error, init, selectDataset } = useExplorer();
  useEffect(() => {
    void init();
  }, [init]);
  const week = dataset?.weeks[dataset.weeks.length - 1];
  const top = useMemo(() => {
    if (!week) return [];
    const order = Array.from(week.tvl.keys()).filter((i) => week.kinds[i] === 'protocol');
    order.sort((a, b) => week.tvl[b] - week.tvl[a]);
    return order.slice(0, 15);
  }, [week]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>DeFi Contagion Explorer</h1>
        <label>
          Dataset{' '}
          <select value={datasetName ?? ''} onChange={(e) => void selectDataset(e.target.value)} aria-label="Dataset">
            {catalogue.map((c) => (
              <option key={c.name} value={c.name}>
                {c.title}
                {c.synthetic ? ' (synthetic)' : ''}
              </option>
            ))}
          </select>
        </label>
      </header>
      {loadState === 'loading' && <p role="status">Loading dataset…</p>}
      {loadState === 'error' && <p role="alert" className="error">Could not load: {error}</p>}
      {week && dataset && (
        <main>
          <p data-testid="dataset-provenance" className="provenance">
            {dataset.provenance.synthetic ? <strong>Synthetic data. </strong> : <strong>Real data. </strong>}
            {dataset.title} · source: {dataset.provenance.source} · date {dataset.provenance.date} · {dataset.provenance.credit}
          </p>
          <p>
            {week.n} nodes, {week.edges.m} exposure edges, week of {week.date}.
          </p>
          <table>
            <caption>Largest protocols by TVL</caption>
            <thead>
              <tr>
                <th scope="col">Protocol</th>
                <th scope="col">Category</th>
                <th scope="col">Sector</th>
                <th scope="col">TVL</th>
              </tr>
            </thead>
            <tbody>
              {top.map((i) => (
                <tr key={week.ids[i]}>
                  <td>{week.names[i]}</td>
                  <td>{week.categories[i]}</td>
                  <td>{week.sectors[i]}</td>
                  <td>{formatUsd(week.tvl[i])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </main>
      )}
    </div>
  );
}
