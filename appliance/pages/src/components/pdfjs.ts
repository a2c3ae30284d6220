import type * as PdfJsModule from 'pdfjs-dist';

export type PdfJs = typeof PdfJsModule;
export type PdfDocumentProxy = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

let pdfjsModule: Promise<PdfJs> | undefined;

/** pdf.js is loaded on first use only (its own chunk), with its worker and data from this appliance. */
export function loadPdfjs(): Promise<PdfJs> {
  pdfjsModule ??= import('pdfjs-dist').then((pdfjs) => {
    pdfjs.GlobalWorkerOptions.workerSrc = '/assets/pdfjs/pdf.worker.min.mjs';
    return pdfjs;
  });
  return pdfjsModule;
}

/** Opens a PDF (a URL of the API, or bytes already fetched) with the appliance's own cMaps, fonts and decoders. */
export async function openPdf(source: { url: string } | { data: Uint8Array }): Promise<PdfDocumentProxy> {
  const pdfjs = await loadPdfjs();
  return pdfjs.getDocument({
    ...source,
    withCredentials: true,
    isEvalSupported: false,
    cMapUrl: '/assets/pdfjs/cmaps/',
    cMapPacked: true,
    standardFontDataUrl: '/assets/pdfjs/standard_fonts/',
    wasmUrl: '/assets/pdfjs/wasm/',
  }).promise;
}
