import { useEffect } from 'preact/hooks';

/** Every few seconds, while `active` holds, calls `reload` (skipped while the tab is hidden); stops when it no longer holds. */
export function usePollWhile(active: boolean, reload: () => void, everyMs = 3000): void {
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (!document.hidden) reload();
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, reload, everyMs]);
}
