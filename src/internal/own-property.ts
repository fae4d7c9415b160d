/**
 * Reading and writing JSON object members as own data only. A key such as `__proto__`, `constructor` or
 * `prototype` in a document (a patch path, a Secret key, a label) is data: assigning it with `obj[key] = v` would set
 * the object's prototype (or, through `obj.__proto__`, reach `Object.prototype` itself), and reading it with
 * `obj[key]` would find an inherited member. The API server stores such keys as any other; so does kubewire.
 */

type Obj = Record<string, unknown>;

/** Whether `key` is an own member of `obj`. */
export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** The own member `key` of `obj`, never an inherited one. */
export function getOwn(obj: object, key: string): unknown {
  return hasOwn(obj, key) ? (obj as Obj)[key] : undefined;
}

/** Sets `key` as an own, enumerable data member (a `__proto__` key stays a key). */
export function setOwn(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Removes the own member `key`; an inherited member is never touched. */
export function deleteOwn(obj: object, key: string): boolean {
  if (!hasOwn(obj, key)) return false;
  delete (obj as Obj)[key];
  return true;
}

/** A shallow copy made of own members only, each defined as data. */
export function ownCopy<T extends object>(obj: T): T {
  const out = {} as T;
  for (const key of Object.keys(obj)) setOwn(out, key, (obj as Obj)[key]);
  return out;
}
