import { useEffect, useRef, useState } from 'preact/hooks';
import { openPdf } from '../components/pdfjs.js';
import { useLocale } from '../i18n/locale.js';

/** A PDF the API answered (the certificate's preview), every page drawn on a canvas with pdf.js. */
export function PdfPreview({ pdf, width = 720 }: { pdf: Blob; width?: number }) {
  const { t } = useLocale();
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'rendered' | 'failed'>('loading');

  useEffect(() => {
    let live = true;
    const target = box.current;
    void (async () => {
      const doc = await openPdf({ data: new Uint8Array(await pdf.arrayBuffer()) });
      try {
        const canvases: HTMLCanvasElement[] = [];
        for (let n = 1; n <= doc.numPages; n++) {
          const page = await doc.getPage(n);
          const scale = width / page.getViewport({ scale: 1 }).width;
          const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
          const canvas = document.createElement('canvas');
          canvas.width = viewport.width;
          canvas.height = viewport.height;
          canvas.style.width = `${width}px`;
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', t.kiosk.previewLabel(n));
          await page.render({ canvas, viewport }).promise;
          canvases.push(canvas);
        }
        if (!live || !target) return;
        target.replaceChildren(...canvases);
        setState('rendered');
      } finally {
        void doc.destroy();
      }
    })().catch(() => live && setState('failed'));
    return () => {
      live = false;
    };
  }, [pdf, width, t]);

  return (
    <div class="kiosk-preview" data-testid="kiosk-preview" data-rendered={state === 'rendered' ? 'yes' : 'no'}>
      {state === 'failed' ? <p class="muted">{t.counter.previewFailed}</p> : null}
      <div ref={box} class="kiosk-preview-pages" />
    </div>
  );
}
