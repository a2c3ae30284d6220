import { useEffect, useRef, useState } from 'preact/hooks';
import { openPdf, type PdfDocumentProxy } from '../components/pdfjs.js';
import { useLocale } from '../i18n/locale.js';
import { PageTurner } from './page-turner.js';
import { SealHandle, useSealBox, type SealPosition } from './seal-handle.js';

export type { SealPosition } from './seal-handle.js';

interface PdfStageProps {
  url: string;
  pages: number;
  sealImage?: string | undefined;
  /** The seal's width in points (119 pt = 42 mm by default). */
  size: number;
  value: SealPosition;
  onChange(value: SealPosition): void;
}

const WIDTH = 640;

/**
 * The uploaded PDF rendered with pdf.js, one page at a time, with the seal on it: the clerk drags
 * the seal where it goes (or moves it with the arrow keys); the position is reported in points.
 * Give it a `key` per document: a new document starts with fresh state. A page that cannot be
 * rendered (a page number past the end) says so and the next page chosen renders again: the
 * canvas stays mounted, so the render is never skipped for want of it.
 */
export function PdfStage({ url, pages, sealImage, size, value, onChange }: PdfStageProps) {
  const { t } = useLocale();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [doc, setDoc] = useState<PdfDocumentProxy | undefined>(undefined);
  const [rendered, setRendered] = useState<{ shown: number; width: number; height: number; scale: number } | undefined>(undefined);
  // what is on the canvas counts only for the page asked for: between a page change and its
  // render the stage says "not rendered" (the canvas is about to be cleared)
  const page = rendered?.shown === value.page ? rendered : undefined;
  // the document could not be opened at all, or the page shown could not be rendered (which page)
  const [failed, setFailed] = useState(false);
  const [pageFailed, setPageFailed] = useState<number | undefined>(undefined);

  useEffect(() => {
    let live = true;
    let loaded: PdfDocumentProxy | undefined;
    setFailed(false);
    openPdf({ url })
      .then((d) => {
        loaded = d;
        if (live) setDoc(d);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      void loaded?.destroy();
    };
  }, [url]);

  useEffect(() => {
    if (!doc || !canvas.current) return;
    let live = true;
    let task: { cancel(): void } | undefined;
    setRendered(undefined);
    setPageFailed(undefined);
    const shown = value.page;
    void (async () => {
      if (!Number.isInteger(shown) || shown < 1 || shown > doc.numPages) throw new RangeError(`no page ${shown}`);
      const p = await doc.getPage(shown);
      const base = p.getViewport({ scale: 1 });
      const scale = WIDTH / base.width;
      const viewport = p.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
      const c = canvas.current;
      if (!live || !c) return;
      c.width = viewport.width;
      c.height = viewport.height;
      c.style.width = `${base.width * scale}px`;
      c.style.height = `${base.height * scale}px`;
      const render = p.render({ canvas: c, viewport });
      task = render;
      await render.promise.catch(() => undefined);
      if (live) setRendered({ shown, width: base.width, height: base.height, scale });
    })().catch(() => live && setPageFailed(shown));
    return () => {
      live = false;
      task?.cancel();
    };
  }, [doc, value.page]);

  const box = useSealBox(size, page, value.page);

  if (failed) return <p class="muted">{t.counter.previewFailed}</p>;
  return (
    <div class="pdf-stage-wrap">
      <PageTurner value={value} pages={pages} onChange={onChange} />
      {pageFailed !== undefined ? <p class="muted">{t.counter.previewFailed}</p> : null}
      <div class="pdf-stage" data-testid="pdf-stage" data-rendered={page ? 'yes' : 'no'}>
        <canvas ref={canvas} aria-label={t.counter.previewLabel(value.page)} role="img" />
        {page && sealImage ? <SealHandle sealImage={sealImage} page={page} size={size} value={value} box={box} onChange={onChange} /> : null}
      </div>
    </div>
  );
}
