// Sharing: copy the scenario's link (the URL is the scenario), and a PNG of the network.
import { useState } from 'react';
import { canvasToPng, type FigureText } from './canvasExport';
import { downloadBlob } from './download';

export function ShareButtons({ stem, figure }: { stem: string; figure: () => FigureText }) {
  const [copied, setCopied] = useState<'yes' | 'manual' | null>(null);
  const link = location.href;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setCopied('yes');
    } catch {
      // No clipboard (insecure context, permission denied, sandboxed frame): show the link to copy by hand.
      setCopied('manual');
    }
  };
  return (
    <>
      <button type="button" className="mini" onClick={() => void copy()} data-testid="copy-link">
        {copied === 'yes' ? '✓ Copied' : 'Copy link'}
      </button>
      <button
        type="button"
        className="mini"
        onClick={() => void canvasToPng(figure()).then((blob) => downloadBlob(`${stem}.png`, blob))}
        data-testid="export-png"
      >
        ⤓ PNG
      </button>
      {copied === 'manual' && (
        <input
          className="copy-fallback"
          readOnly
          value={link}
          aria-label="Link to this scenario"
          data-testid="copy-link-field"
          ref={(el) => el?.select()}
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
    </>
  );
}
