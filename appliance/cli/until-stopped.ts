/** Resolves at SIGINT / SIGTERM, for the commands that run until stopped. */
export function untilStopped(): Promise<void> {
  // Library timers are unref'd; this one holds the process open until the signal.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  return new Promise((resolve) => {
    const stop = () => (clearInterval(keepAlive), resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
