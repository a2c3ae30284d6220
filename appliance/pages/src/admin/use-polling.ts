import { useEffect } from 'preact/hooks';

/** Calls `tick` every `ms` while the component is shown (hot-plug: a pulled key shows by itself). */
export function usePolling(tick: () => void, ms: number): void {
  useEffect(() => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  }, [tick, ms]);
}
