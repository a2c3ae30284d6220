import { useEffect, useRef } from 'preact/hooks';

/** Without a touch for this long the kiosk returns to the start and forgets the citizen. */
export const IDLE_MS = 90_000;

/**
 * The idle time: 90 s, or `?idle=SECONDS` on the kiosk's address (a hall that wants it shorter,
 * and the tests).
 */
export function idleMs(search = location.search): number {
  const seconds = Number(new URLSearchParams(search).get('idle'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : IDLE_MS;
}

/**
 * Calls onIdle after `ms` without a touch, click or key; any of them restarts the clock. While
 * `busy` (stamping, printing) the clock waits: the citizen is not sent away mid-print.
 */
export function useIdleReset(ms: number, busy: boolean, onIdle: () => void): void {
  const latest = useRef({ busy, onIdle });
  latest.current = { busy, onIdle };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (latest.current.busy) arm();
        else latest.current.onIdle();
      }, ms);
    };
    arm();
    const events = ['pointerdown', 'keydown', 'touchstart', 'input'] as const;
    for (const name of events) window.addEventListener(name, arm, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, arm);
    };
  }, [ms]);
}
