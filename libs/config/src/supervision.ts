/**
 * Between an app and the supervisor that started it over an IPC channel (the embedded runtime):
 * the app says once that it listens, and the supervisor only then asks its `/health/ready`.
 * Asking before that cost more than the apps' own start — thousands of refused connections
 * while sixteen processes boot, each a socket, an error and its stack (ADR 0018).
 */
export const LISTENING_MESSAGE = 'plein:listening';

/** Tells the supervisor, if there is one, that this process now accepts connections. */
export function tellSupervisorListening(): void {
  process.send?.(LISTENING_MESSAGE);
}
