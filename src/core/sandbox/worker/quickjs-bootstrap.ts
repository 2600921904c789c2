// Guest-side code evaluated in each QuickJS context before the extension's own code. It builds
// the `symphony` API, console, timers and CommonJS `require` on top of a few raw host functions,
// and keeps its own copies of the intrinsics it uses so a guest that patches JSON or Promise
// only breaks itself. Nothing here is trusted by the host: every call is checked there.
export const QUICKJS_BOOTSTRAP = String.raw`(function (raw) {
  'use strict';
  const parse = JSON.parse, stringify = JSON.stringify, freeze = Object.freeze;
  const P = Promise, then = Promise.prototype.then;
  const commands = new Map(), subs = new Map(), timers = new Map(), modules = new Map();
  let nextTimer = 1, nextSub = 1;
  // Rejections nobody has received yet (QuickJS has no tracker of its own): instrumented async
  // bodies, Promise.reject, a rejecting or throwing executor, the combinators' results, failed
  // capability calls and throws in then-callbacks add to it; catch clauses, rejection handlers
  // and the host's own result handlers take out. What is left once the job queue is drained is
  // reported by the host as an unhandled rejection.
  const pending = new Set();
  let signalled = false;
  const pend = (e) => { pending.add(e); if (!signalled) { signalled = true; raw.rejected(); } };
  const deliver = (e) => { pending.delete(e); };
  const describe = (e) => {
    try {
      if (e instanceof Error) {
        let out = String(e.name) + ': ' + String(e.message) + (e.stack ? '\n' + String(e.stack).trimEnd() : '');
        // Promise.any's AggregateError says nothing by itself: what each input rejected with does.
        if (Array.isArray(e.errors)) for (let i = 0; i < e.errors.length && i < 10; i++) out += '\n  ' + describe(e.errors[i]).replace(/\n/g, '\n  ');
        return out;
      }
      const s = stringify(e);
      return s === undefined ? String(e) : s;
    } catch (x) { return 'a value that cannot be printed'; }
  };
  const promiseReject = P.reject, promiseResolve = P.resolve;
  const construct = Reflect.construct, define = Object.defineProperty, fnText = Function.prototype.toString;
  // A promise resolved with another (async 'return p', a then-callback returning p, resolve(p))
  // takes p's rejection through the realm's nameless resolving functions: they only carry the
  // value on to the outer promise, whose handlers (or nobody) receive it. Promise.allSettled's and
  // Promise.any's own nameless functions do receive it, so combinators are marked while they run.
  // (Every function here costs each new instance compile time: the few are written inline.)
  let combinator = 0;
  // The guest's global Promise (below): its promises are the realm's own, made by P.
  let GuestPromise;
  const tracked = {
    then(onFulfilled, onRejected) {
      if (typeof onRejected === 'function' && combinator === 0 && typeof onFulfilled === 'function' && onFulfilled.name === ''
        && onRejected.name === '' && fnText.call(onRejected).endsWith('[native code]\n}')) return then.call(this, onFulfilled, onRejected);
      const f = typeof onFulfilled === 'function' ? (v) => { try { return onFulfilled(v); } catch (e) { pend(e); throw e; } } : onFulfilled;
      const r = typeof onRejected === 'function' ? (e) => { deliver(e); try { return onRejected(e); } catch (e2) { pend(e2); throw e2; } } : onRejected;
      return then.call(this, f, r);
    },
    reject(reason) { pend(reason); return promiseReject.call(this === GuestPromise ? P : this, reason); },
    // Promise.resolve(p) stays p for the realm's promises (their constructor is P, not the wrapper).
    resolve(value) { return promiseResolve.call(this === GuestPromise ? P : this, value); },
  };
  define(P.prototype, 'then', { writable: true, configurable: true, value: tracked.then });
  define(P, 'reject', { writable: true, configurable: true, value: tracked.reject });
  // 'new Promise' has no hook of its own, so the guest's global Promise is a constructor of the
  // realm's promises that tells which of them reject: its reject, or a throw from the executor
  // before it settled (a throw after resolve is ignored, as by the realm's own Promise).
  // Promise.all/race/any, withResolvers and try build their results with it (NewPromiseCapability
  // of 'this'), so a combinator's rejection counts again after the handlers it put on its inputs
  // took theirs out. Prototype, species, statics and instanceof are the realm's; the realm's
  // promises keep P as constructor so 'await' and Promise.resolve keep their native paths (and
  // their timing).
  GuestPromise = function Promise(executor) {
    if (new.target === undefined) throw new TypeError('must be called with new');
    if (typeof executor !== 'function') return construct(P, [executor], new.target);
    return construct(P, [(resolve, reject) => {
      let settled = false;
      try {
        executor((v) => { settled = true; resolve(v); }, (e) => { if (!settled) { settled = true; pend(e); } reject(e); });
      } catch (e) { if (!settled) { settled = true; pend(e); } throw e; }
    }], new.target);
  };
  for (const key of ['all', 'allSettled', 'any', 'race']) {
    const run = P[key];
    const wrapper = { [key](iterable) { combinator++; try { return run.call(this, iterable); } finally { combinator--; } } }[key];
    define(P, key, { writable: true, configurable: true, value: wrapper });
  }
  for (const key of Reflect.ownKeys(P)) {
    if (key !== 'prototype' && key !== 'length' && key !== 'name') define(GuestPromise, key, Object.getOwnPropertyDescriptor(P, key));
  }
  define(GuestPromise, 'prototype', { value: P.prototype, writable: false });
  define(GuestPromise, 'resolve', { writable: true, configurable: true, value: tracked.resolve });
  define(globalThis, 'Promise', { writable: true, configurable: true, value: GuestPromise });
  const received = (e) => { deliver(e); throw e; };
  const fmt = (args) => args.map((a) => {
    if (typeof a === 'string') return a;
    if (a instanceof Error) return String(a.stack || a.message);
    try { const s = stringify(a); return s === undefined ? String(a) : s; } catch (e) { return String(a); }
  }).join(' ');
  function makeError(json) {
    let d;
    try { d = parse(json); } catch (e) { d = { code: 'CapabilityFailed', message: String(json) }; }
    const e = new Error(d.message);
    e.name = d.code; e.code = d.code;
    if (d.permission !== undefined) e.permission = d.permission;
    if (d.target !== undefined) e.target = d.target;
    return e;
  }
  // Capability calls in flight, by id; the host answers each through settleCall below.
  const calls = new Map();
  let nextCall = 1;
  function call(name) {
    return function () {
      const args = [];
      for (let i = 0; i < arguments.length; i++) args.push(arguments[i] === undefined ? null : arguments[i]);
      const json = stringify(args);
      const id = nextCall++;
      return new P((resolve, reject) => {
        calls.set(id, { resolve, reject });
        try { raw.call(name, json, id); } catch (e) { calls.delete(id); throw e; }
      });
    };
  }
  const console = freeze({
    log: (...a) => raw.log('info', fmt(a)), info: (...a) => raw.log('info', fmt(a)),
    debug: (...a) => raw.log('debug', fmt(a)), warn: (...a) => raw.log('warn', fmt(a)),
    error: (...a) => raw.log('error', fmt(a)),
  });
  function addTimer(fn, ms, args, repeat) {
    if (typeof fn !== 'function') throw new TypeError('the timer callback must be a function');
    const id = nextTimer++;
    timers.set(id, { fn, args, repeat });
    raw.setTimer(id, Number(ms) || 0, repeat);
    return id;
  }
  function clearTimer(id) { if (timers.delete(id)) raw.clearTimer(id); }
  function require_(parent) {
    return function require(spec) {
      const file = raw.resolve(String(spec), parent);
      const hit = modules.get(file);
      if (hit) return hit.exports;
      const module = { exports: {} };
      modules.set(file, module);
      if (file.endsWith('.json')) { module.exports = parse(raw.source(file)); return module.exports; }
      const fn = raw.compile(file);
      fn.call(module.exports, module.exports, require_(file), module, file, raw.dirname(file), pend, deliver);
      return module.exports;
    };
  }
  const symphony = freeze({
    commands: freeze({
      register(id, handler) {
        if (typeof handler !== 'function') throw new TypeError('commands.register(id, handler): handler must be a function');
        const key = String(id);
        commands.set(key, handler);
        return freeze({ dispose() { if (commands.get(key) === handler) commands.delete(key); } });
      },
    }),
    fs: freeze({ read: call('fs.read'), write: call('fs.write') }),
    net: freeze({ http: call('net.http') }),
    process: freeze({ spawn: call('process.spawn') }),
    env: freeze({ read: call('env.read') }),
    clipboard: freeze({ read: call('clipboard.read'), write: call('clipboard.write') }),
    ai: freeze({ invoke: call('ai.invoke') }),
    workspace: freeze({ edit: call('workspace.edit') }),
    ui: freeze({ panel: call('ui.panel'), message: call('ui.message') }),
    settings: freeze({ get: call('settings.get') }),
    bus: freeze({
      publish: call('bus.publish'),
      subscribe(channel, handler) {
        if (typeof handler !== 'function') throw new TypeError('bus.subscribe(channel, handler): handler must be a function');
        const id = nextSub++;
        subs.set(id, handler);
        return then.call(call('bus.subscribe')(channel, id),
          () => freeze({ dispose() { if (subs.delete(id)) then.call(call('bus.unsubscribe')(id), undefined, deliver); } }),
          (e) => { subs.delete(id); throw e; });
      },
    }),
    // Services: a provider's methods are commands named 'service/<name>/<method>'; a call is a
    // publish on that channel with the provider's id, which the host turns into the command call.
    services: freeze({
      provide(name, impl) {
        if (!impl || typeof impl !== 'object') throw new TypeError('services.provide(name, { method: fn }): the implementation must be an object of functions');
        const ids = [];
        for (const method of Object.keys(impl)) {
          const fn = impl[method];
          if (typeof fn === 'function') ids.push(['service/' + String(name) + '/' + method, fn]);
        }
        for (const [id, fn] of ids) commands.set(id, fn);
        return freeze({ dispose() { for (const [id, fn] of ids) if (commands.get(id) === fn) commands.delete(id); } });
      },
      get(name, range) {
        return then.call(call('services.get')(name, range), (f) => {
          const proxy = { name: f.name, version: f.version, provider: f.provider };
          for (const m of f.methods) proxy[m] = (arg) => call('bus.publish')('service/' + f.name + '/' + m + '/' + f.provider, arg);
          return freeze(proxy);
        });
      },
    }),
    log: (...a) => raw.log('info', fmt(a)),
  });
  globalThis.console = console;
  globalThis.setTimeout = (fn, ms, ...args) => addTimer(fn, ms, args, false);
  globalThis.setInterval = (fn, ms, ...args) => addTimer(fn, ms, args, true);
  globalThis.clearTimeout = clearTimer;
  globalThis.clearInterval = clearTimer;
  globalThis.queueMicrotask = (fn) => { then.call(P.resolve(), () => fn()); };
  return {
    activate(entry) {
      const exp = require_(entry)(entry);
      if (!exp || typeof exp.activate !== 'function') throw new Error('the entry file does not export an activate(symphony) function');
      return then.call(P.resolve(exp.activate(symphony)), () => stringify([...commands.keys()]), received);
    },
    // Answers at once (a string, or undefined) when the handler returns a plain value; for a
    // promise it returns the token and settles later through raw.settle(token, ok, value), so
    // the host needs no promise plumbing of its own per call.
    invoke(id, argsJson, token) {
      const handler = commands.get(id);
      if (!handler) { const e = new Error('no command "' + id + '" is registered'); e.code = 'CommandNotFound'; throw e; }
      const r = handler(argsJson === undefined ? undefined : parse(argsJson));
      if (r === null || (typeof r !== 'object' && typeof r !== 'function') || typeof r.then !== 'function') return r === undefined ? undefined : stringify(r);
      then.call(P.resolve(r), (v) => {
        let json;
        try { json = v === undefined ? undefined : stringify(v); } catch (e) { raw.settle(token, false, e); return; }
        raw.settle(token, true, json);
      }, (e) => { deliver(e); raw.settle(token, false, e); });
      return token;
    },
    fireTimer(id) {
      const t = timers.get(id);
      if (!t) return;
      if (!t.repeat) timers.delete(id);
      t.fn(...t.args);
    },
    takeUnhandled() {
      const out = [];
      for (const e of pending) out.push(describe(e));
      pending.clear();
      signalled = false;
      return stringify(out);
    },
    settleCall(id, ok, json) {
      const c = calls.get(id);
      if (!c) return;
      calls.delete(id);
      if (ok) { c.resolve(json === undefined ? undefined : parse(json)); return; }
      // A failed call nobody waits for is the guest's unhandled rejection like any other.
      const e = makeError(json);
      pend(e);
      c.reject(e);
    },
    dispatchBus(id, channel, dataJson) {
      const h = subs.get(id);
      if (h) h(parse(dataJson), channel);
    },
  };
})`;
