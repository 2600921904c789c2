/**
 * The nodes ready to run, smallest id first: a binary min-heap of node indexes compared by id
 * (code-unit order, the same on every machine). With one ready node at a time — a chain — push
 * and pop never compare anything.
 */
export class ReadyQueue {
  private heap: number[] = [];

  constructor(private readonly ids: readonly string[]) {}

  get size(): number {
    return this.heap.length;
  }

  push(node: number): void {
    const heap = this.heap;
    const ids = this.ids;
    let i = heap.length;
    heap.push(node);
    const id = ids[node]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (ids[p]! <= id) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = node;
  }

  pop(): number {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    const n = heap.length;
    if (n === 0) return top;
    const ids = this.ids;
    const id = ids[last]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && ids[heap[r]!]! < ids[heap[l]!]! ? r : l;
      if (ids[heap[c]!]! >= id) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
    return top;
  }

  clear(): void {
    this.heap = [];
  }
}
