type Typed = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

/** A typed array of the same kind, `size` long, starting with a copy of `a` (columns by id grow so). */
export function enlarge<T extends Typed>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}
