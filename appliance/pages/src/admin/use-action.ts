import { useCallback, useState } from 'preact/hooks';

export interface Action<A extends unknown[], T> {
  busy: boolean;
  /** The last failure (an ApiError carrying the API's body), cleared by the next run. */
  error: unknown;
  /** The last success's result, cleared by the next run. */
  result: T | undefined;
  run(...args: A): Promise<T | undefined>;
  reset(): void;
}

/** One button's work: busy while it runs, then its result or its error, never both. */
export function useAction<A extends unknown[], T>(work: (...args: A) => Promise<T>, onDone?: (result: T) => void): Action<A, T> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [result, setResult] = useState<T | undefined>(undefined);
  const run = async (...args: A): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const value = await work(...args);
      setResult(value);
      onDone?.(value);
      return value;
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const reset = useCallback(() => {
    setError(undefined);
    setResult(undefined);
  }, []);
  return { busy, error, result, run, reset };
}
