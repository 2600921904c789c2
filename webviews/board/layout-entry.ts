// The auto-layout engine as its own script (dist/webviews/board-layout.js), loaded on first use.
import ELK from 'elkjs/lib/elk.bundled.js';

(globalThis as { symphonyElk?: unknown }).symphonyElk = new ELK();
