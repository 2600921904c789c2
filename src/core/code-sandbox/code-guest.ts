/**
 * The JavaScript that runs inside QuickJS before a Code node's code: it builds n8n's Code node
 * API from the request (a JSON string in `__request`) and exposes `__run`, which calls the user's
 * code and returns its result as JSON. `__log(level, text)` is the only host function.
 */
/** The line of the guest source where the user's code starts (error line numbers are shifted back by it). */
export const USER_CODE_LINE = 8;

export function guestSource(code: string): string {
  // The user's code is the body of an async function, so `return`, `await` and loops all work,
  // and its line numbers in errors are offset by one.
  return `"use strict";
const __req = JSON.parse(__request);
const __items = __req.items;
const __fmt = (v) => { if (typeof v === 'string') return v; try { return JSON.stringify(v); } catch (e) { return String(v); } };
const __say = (level) => (...args) => __log(level, args.map(__fmt).join(' '));
globalThis.console = { log: __say('info'), info: __say('info'), debug: __say('debug'), warn: __say('warn'), error: __say('error') };
const __user = async function ($input, items, $json, item, $itemIndex) {
${code}
};
const __once = (index) => {
  const current = __items[index];
  const $input = {
    all: () => __items,
    first: () => __items[0],
    last: () => __items[__items.length - 1],
    item: current,
  };
  return __user($input, __items, current ? current.json : undefined, current, index);
};
const __json = (v) => (v === undefined ? null : v);
globalThis.__run = async () => {
  if (__req.mode === 'runOnceForEachItem' && __req.itemIndex === undefined) {
    // Every item in one runtime: the code runs once per item, results in item order.
    const results = [];
    for (let i = 0; i < __items.length; i++) results.push(__json(await __once(i)));
    return JSON.stringify(results);
  }
  return JSON.stringify(__json(await __once(__req.itemIndex === undefined ? 0 : __req.itemIndex)));
};
`;
}
