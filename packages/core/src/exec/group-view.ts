/**
 * The `group` of a grouped rule's context: one reused view, no per-group object, whose key
 * getters read the group's first row (through the row stage) only when a name is asked for.
 */
import type { Rec } from './data-runtime.js';
import { EMPTY } from './rule-context.js';

/** The reused `group` view: `size`, the window bounds, and a getter per group key. */
export interface GroupView {
  rows: readonly Rec[];
  window_start: string | undefined;
  window_end: string | undefined;
  /** Bumped when the view moves to another group. */
  version: number;
  readonly size: number;
  keys(): unknown[];
  /** A plain copy, for explanations. */
  snapshot(): Record<string, unknown>;
}

/** Creates the view of groups keyed by `keyNames`, whose values `rowKeys` reads from a member. */
export function createGroupView(keyNames: readonly string[], rowKeys: (row: Rec) => unknown[]): GroupView {
  class View implements GroupView {
    rows: readonly Rec[] = EMPTY;
    window_start: string | undefined = undefined;
    window_end: string | undefined = undefined;
    version = 0;
    keysVersion = -1;
    keyValues: unknown[] = [];
    get size(): number {
      return this.rows.length;
    }
    keys(): unknown[] {
      if (this.keysVersion !== this.version) {
        this.keyValues = rowKeys(this.rows[0]!);
        this.keysVersion = this.version;
      }
      return this.keyValues;
    }
    snapshot(): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      const k = this.keys();
      keyNames.forEach((name, i) => (out[name] = k[i]));
      if (this.window_start !== undefined) Object.assign(out, { window_start: this.window_start, window_end: this.window_end });
      out['size'] = this.rows.length;
      return out;
    }
  }
  keyNames.forEach((name, i) => {
    if (name === 'size' || name === 'window_start' || name === 'window_end') return;
    Object.defineProperty(View.prototype, name, {
      get(this: View) {
        return this.keys()[i];
      },
      enumerable: true,
    });
  });
  return new View();
}
