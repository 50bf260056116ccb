// Run-time values that are not integers — strings, tuples, sigactions — are interned to small integer
// ids, so a state stays a flat Int32Array. Ids are given in the order values first appear, which the
// explorer's fixed successor order makes deterministic.

export class StringTable {
  private readonly ids = new Map<string, number>();
  readonly texts: string[] = [];

  constructor(initial: readonly string[]) {
    for (const s of initial) this.intern(s);
  }

  intern(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    return id;
  }

  text(id: number): string {
    return id < 0 ? "null" : (this.texts[id] ?? "");
  }
}

export interface SigActionValue {
  /** 0 SIG_DFL, 1 SIG_IGN, else a function id + 2 */
  readonly handler: number;
  readonly mask: number;
  readonly flags: number;
}

/** Sigactions: id 0 is SIG_DFL and id 1 SIG_IGN, both with an empty mask and no flags. */
export class ActionTable {
  private readonly ids = new Map<string, number>();
  readonly actions: SigActionValue[] = [];

  constructor() {
    this.intern(0, 0, 0);
    this.intern(1, 0, 0);
  }

  intern(handler: number, mask: number, flags: number): number {
    const key = `${handler},${mask},${flags}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.actions.length;
      this.actions.push({ handler, mask, flags });
      this.ids.set(key, id);
    }
    return id;
  }
}

/** Tuples returned by the API (`pipe()`, `recvfrom()`): immutable, interned. */
export class TupleTable {
  private readonly ids = new Map<string, number>();
  readonly tuples: (readonly number[])[] = [];

  intern(values: readonly number[]): number {
    const key = values.join(",");
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.tuples.length;
      this.tuples.push([...values]);
      this.ids.set(key, id);
    }
    return id;
  }
}
