// The js-pdk globals (Host, Config, Var, Memory, MemoryHandle, console,
// TextEncoder, TextDecoder) built over the engine's natives (`__wd`).
// Evaluated once at build time, before the policy, and kept in the snapshot.
(function (wd) {
  'use strict';
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

  const toBytes = (value) => {
    if (typeof value === 'string') return new Uint8Array(wd.utf8Encode(value));
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    throw new TypeError('expected a string, ArrayBuffer or typed array');
  };

  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function arrayBufferToBase64(input) {
    const b = toBytes(input);
    let out = '';
    for (let i = 0; i < b.length; i += 3) {
      const n = (b[i] << 16) | ((b[i + 1] || 0) << 8) | (b[i + 2] || 0);
      out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
      out += i + 1 < b.length ? B64[(n >> 6) & 63] : '=';
      out += i + 2 < b.length ? B64[n & 63] : '=';
    }
    return out;
  }
  function base64ToArrayBuffer(input) {
    const s = String(input).replace(/[\s=]/g, '');
    const out = new Uint8Array(Math.floor((s.length * 3) / 4));
    let bits = 0, acc = 0, o = 0;
    for (let i = 0; i < s.length; i++) {
      const v = B64.indexOf(s[i]);
      if (v < 0) throw new TypeError('invalid base64 character');
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (acc >> bits) & 255;
      }
    }
    return out.buffer.slice(0, o);
  }

  // top-level policy code runs at build time, when no host is attached
  let building = true;
  const functions = {};
  const hostFunctionList = [];
  const Host = {
    __hostFunctions: hostFunctionList,
    inputBytes: () => wd.inputBytes(),
    inputString: () => wd.inputString(),
    outputBytes: (output) => wd.output(toBytes(output)),
    outputString: (output) => wd.output(String(output)),
    getFunctions: () => functions,
    invokeFunc: (id, ...args) => {
      const f = hostFunctionList[id];
      if (!f) throw new RangeError(`no host function #${id}`);
      return functions[f.name](...args);
    },
    invokeFunc0: (id, ...args) => {
      Host.invokeFunc(id, ...args);
    },
    arrayBufferToBase64,
    base64ToArrayBuffer,
  };
  define('Host', Host);

  // Called by the compiler once, with the host functions declared in the
  // interface file, in import order.
  define('__wd_define_host_functions', (list) => {
    list.forEach((f, slot) => {
      hostFunctionList.push({ name: f.name, results: f.result === 'v' ? 0 : 1 });
      functions[f.name] = (...args) => {
        if (building) throw new Error(`host function ${f.name} cannot be called from top-level code, which runs at build time`);
        return wd.hostCall(slot, f.params, f.result, ...args);
      };
    });
    Object.freeze(functions);
    delete globalThis.__wd_define_host_functions;
  });

  define('__wd_end_build', () => {
    building = false;
    delete globalThis.__wd_end_build;
  });

  define('Config', {
    get: (key) => wd.configGet(String(key)),
  });

  const decodeUtf8 = (buf) => wd.utf8Decode(buf, false);
  define('Var', {
    set: (name, value) => wd.varSet(String(name), value === null || value === undefined ? null : toBytes(value)),
    getBytes: (name) => wd.varGet(String(name)),
    getString: (name) => {
      const b = wd.varGet(String(name));
      return b === null ? null : decodeUtf8(b);
    },
  });

  class MemoryHandle {
    constructor(offset, len) {
      this.offset = offset;
      this.len = len;
    }
    readBytes() {
      return wd.memRead(this.offset);
    }
    readString() {
      return decodeUtf8(this.readBytes());
    }
    readJsonObject() {
      return JSON.parse(this.readString());
    }
    readUInt32() {
      return new DataView(this.readBytes()).getUint32(0, true);
    }
    readUInt64() {
      return new DataView(this.readBytes()).getBigUint64(0, true);
    }
    readFloat32() {
      return new DataView(this.readBytes()).getFloat32(0, true);
    }
    readFloat64() {
      return new DataView(this.readBytes()).getFloat64(0, true);
    }
    // js-pdk 1.1.1 spells it this way in its typings
    readUFloat64() {
      return this.readFloat64();
    }
    free() {
      wd.memFree(this.offset);
    }
  }
  define('MemoryHandle', MemoryHandle);

  const handleFor = (offset) => new MemoryHandle(offset, wd.memLength(offset));
  const fromView = (fill, size) => {
    const dv = new DataView(new ArrayBuffer(size));
    fill(dv);
    return handleFor(wd.memStore(dv.buffer));
  };
  define('Memory', {
    fromString: (str) => handleFor(wd.memStore(String(str))),
    fromBuffer: (bytes) => handleFor(wd.memStore(toBytes(bytes))),
    fromJsonObject: (obj) => handleFor(wd.memStore(JSON.stringify(obj))),
    allocUInt32: (i) => fromView((dv) => dv.setUint32(0, i, true), 4),
    allocUInt64: (i) => fromView((dv) => dv.setBigUint64(0, BigInt(i), true), 8),
    allocFloat32: (i) => fromView((dv) => dv.setFloat32(0, i, true), 4),
    allocFloat64: (i) => fromView((dv) => dv.setFloat64(0, i, true), 8),
    find: (offset) => handleFor(offset),
  });

  const formatArg = (a) => {
    if (typeof a === 'string') return a;
    if (a instanceof Error) return a.stack ? `${a}\n${a.stack}`.trimEnd() : String(a);
    if (typeof a === 'object' && a !== null) {
      try {
        return JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
      } catch (_e) {
        return String(a);
      }
    }
    if (typeof a === 'bigint') return `${a}n`;
    return String(a);
  };
  // Extism priorities: 1 debug, 2 info, 3 warn, 4 error
  const logAt = (level) => (...args) => {
    if (level < wd.logLevel()) return;
    wd.log(level, args.map(formatArg).join(' '));
  };
  define('console', {
    log: logAt(2),
    info: logAt(2),
    debug: logAt(1),
    trace: logAt(1),
    warn: logAt(3),
    error: logAt(4),
  });

  const UTF8_LABELS = ['utf-8', 'utf8', 'unicode-1-1-utf-8'];
  class TextEncoder {
    get encoding() {
      return 'utf-8';
    }
    encode(input = '') {
      return new Uint8Array(wd.utf8Encode(String(input)));
    }
    encodeInto(input, dest) {
      // whole code points only, as the spec requires
      const s = String(input);
      let read = 0, written = 0;
      for (const ch of s) {
        const b = new Uint8Array(wd.utf8Encode(ch));
        if (written + b.length > dest.length) break;
        dest.set(b, written);
        written += b.length;
        read += ch.length;
      }
      return { read, written };
    }
  }
  class TextDecoder {
    constructor(label = 'utf-8', options = {}) {
      const l = String(label).trim().toLowerCase();
      if (!UTF8_LABELS.includes(l)) throw new RangeError(`The "${label}" encoding is not supported`);
      this.fatal = Boolean(options.fatal);
      this.ignoreBOM = Boolean(options.ignoreBOM);
    }
    get encoding() {
      return 'utf-8';
    }
    decode(input) {
      if (input === undefined) return '';
      const s = wd.utf8Decode(toBytes(input), this.fatal);
      return !this.ignoreBOM && s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
    }
  }
  define('TextEncoder', TextEncoder);
  define('TextDecoder', TextDecoder);

  define('Http', {
    request: () => {
      throw new Error('Http.request is not available to policies');
    },
  });
  define('queueMicrotask', (fn) => {
    Promise.resolve().then(fn);
  });

  // Settles a promise returned by an export into a record the engine reads
  // after draining the job queue.
  define('__wd_settle', (p) => {
    const rec = { done: false, ok: false, value: undefined };
    Promise.resolve(p).then(
      (v) => {
        rec.done = true;
        rec.ok = true;
        rec.value = v;
      },
      (e) => {
        rec.done = true;
        rec.value = e;
      },
    );
    return rec;
  });

  const module = { exports: {} };
  define('module', module);
  define('exports', module.exports);
  delete globalThis.__wd;
})(globalThis.__wd);
