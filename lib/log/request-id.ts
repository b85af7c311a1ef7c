/** The request id the proxy puts on every request and response, and the log writes on every line. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept only if it is short and plain (it is written into every log line); otherwise a new one. */
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

export function acceptRequestId(value: string | null | undefined): string {
  return value && ACCEPTED.test(value) ? value : crypto.randomUUID();
}
