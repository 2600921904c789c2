/**
 * Finds the cycles of a directed graph given as edge lists (`from[j] → to[j]`, -1 for an edge to
 * ignore). Kahn's algorithm peels off every node that is not on or behind a cycle; from each
 * remaining node a walk against the edges must come back to a node it has seen, which closes a
 * cycle. Each cycle is returned once, in edge direction, starting at its smallest id. Linear in
 * nodes plus edges, and without recursion, so a 100,000-node graph is fine.
 */
export function findCycles(n: number, from: Int32Array, to: Int32Array, idOf: (i: number) => string): number[][] {
  const indegree = new Int32Array(n);
  const outCount = new Int32Array(n + 1);
  const inCount = new Int32Array(n + 1);
  for (let j = 0; j < from.length; j++) {
    if (from[j]! < 0) continue;
    indegree[to[j]!]!++;
    outCount[from[j]! + 1]!++;
    inCount[to[j]! + 1]!++;
  }
  for (let i = 0; i < n; i++) {
    outCount[i + 1]! += outCount[i]!;
    inCount[i + 1]! += inCount[i]!;
  }
  const outAdj = new Int32Array(outCount[n]!);
  const inAdj = new Int32Array(inCount[n]!);
  const outFill = outCount.slice(0, n);
  const inFill = inCount.slice(0, n);
  for (let j = 0; j < from.length; j++) {
    const a = from[j]!;
    if (a < 0) continue;
    const b = to[j]!;
    outAdj[outFill[a]!++] = b;
    inAdj[inFill[b]!++] = a;
  }

  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indegree[i] === 0) queue[tail++] = i;
  while (head < tail) {
    const v = queue[head++]!;
    for (let k = outCount[v]!; k < outCount[v + 1]!; k++) {
      const w = outAdj[k]!;
      if (--indegree[w]! === 0) queue[tail++] = w;
    }
  }
  if (tail === n) return [];

  const residual: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i]! > 0) residual.push(i);
  residual.sort((a, b) => compareIds(idOf(a), idOf(b)));

  const state = new Uint8Array(n); // 0 unseen, 1 on the current walk, 2 explained
  const position = new Int32Array(n);
  const cycles: number[][] = [];
  for (const start of residual) {
    if (state[start] !== 0) continue;
    const walk: number[] = [];
    let v = start;
    for (;;) {
      if (state[v] === 2) break;
      if (state[v] === 1) {
        const cycle = walk.slice(position[v]!).reverse();
        let min = 0;
        for (let k = 1; k < cycle.length; k++) if (compareIds(idOf(cycle[k]!), idOf(cycle[min]!)) < 0) min = k;
        cycles.push([...cycle.slice(min), ...cycle.slice(0, min)]);
        break;
      }
      state[v] = 1;
      position[v] = walk.length;
      walk.push(v);
      let next = -1;
      for (let k = inCount[v]!; k < inCount[v + 1]!; k++) {
        const u = inAdj[k]!;
        if (indegree[u]! > 0 && (next < 0 || compareIds(idOf(u), idOf(next)) < 0)) next = u;
      }
      v = next;
    }
    for (const w of walk) state[w] = 2;
  }
  return cycles;
}

/** Orders ids by UTF-16 code units: the same on every machine and locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
