const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an id from outside has the shape of a UUID: anything else is looked up nowhere. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
