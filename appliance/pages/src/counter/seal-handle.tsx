import { useRef, useState } from 'preact/hooks';
import { useLocale } from '../i18n/locale.js';

/** Where the seal's lower-left corner goes, in PDF points from the page's lower-left corner (as /api/stamps takes it). */
export interface SealPosition {
  page: number;
  x: number;
  y: number;
}

/** A page as a stage shows it: its size in points and the CSS pixels per point. */
export interface StagePage {
  width: number;
  height: number;
  scale: number;
}

const STEP = 5;

/** The seal's height from its picture's aspect, and a position kept on the page (A4 until the page is known). */
export function useSealBox(size: number, page: StagePage | undefined, pageNumber: number) {
  const [aspect, setAspect] = useState(1);
  const sealHeight = size * aspect;
  const clamp = (x: number, y: number): SealPosition => {
    const w = page?.width ?? 595;
    const h = page?.height ?? 842;
    return { page: pageNumber, x: Math.round(Math.min(Math.max(0, x), w - size)), y: Math.round(Math.min(Math.max(0, y), h - sealHeight)) };
  };
  return { sealHeight, clamp, setAspect };
}

interface SealHandleProps {
  sealImage: string;
  page: StagePage;
  size: number;
  value: SealPosition;
  box: ReturnType<typeof useSealBox>;
  onChange(value: SealPosition): void;
}

/**
 * The seal on a stage's page, for the PDF's canvas and the OFD's drawn page alike: dragged (its
 * position read against the stage it sits in) or moved with the arrow keys, STEP points a press.
 */
export function SealHandle({ sealImage, page, size, value, box, onChange }: SealHandleProps) {
  const { t } = useLocale();
  const drag = useRef<{ dx: number; dy: number } | undefined>(undefined);
  const onPointerDown = (event: PointerEvent) => {
    const target = event.currentTarget as HTMLElement;
    const rect = target.getBoundingClientRect();
    drag.current = { dx: event.clientX - rect.left, dy: event.clientY - rect.top };
    target.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!drag.current) return;
    const stage = (event.currentTarget as HTMLElement).parentElement?.getBoundingClientRect();
    if (!stage) return;
    const left = (event.clientX - stage.left - drag.current.dx) / page.scale;
    const top = (event.clientY - stage.top - drag.current.dy) / page.scale;
    onChange(box.clamp(left, page.height - top - box.sealHeight));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, STEP], ArrowDown: [0, -STEP] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    onChange(box.clamp(value.x + move[0], value.y + move[1]));
  };
  return (
    <img
      class="seal-handle"
      src={sealImage}
      alt={t.counter.sealHandle}
      tabIndex={0}
      draggable={false}
      data-testid="seal-handle"
      onLoad={(e) => {
        const img = e.currentTarget;
        if (img.naturalWidth) box.setAspect(img.naturalHeight / img.naturalWidth);
      }}
      style={{
        left: `${value.x * page.scale}px`,
        top: `${(page.height - value.y - box.sealHeight) * page.scale}px`,
        width: `${size * page.scale}px`,
        height: `${box.sealHeight * page.scale}px`,
      }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => (drag.current = undefined)}
      onKeyDown={onKeyDown}
    />
  );
}
