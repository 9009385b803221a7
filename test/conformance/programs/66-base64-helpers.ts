// Host.arrayBufferToBase64 and Host.base64ToArrayBuffer (js-pdk helpers).
export function encode(): number {
  Host.outputString(Host.arrayBufferToBase64(Host.inputBytes() as ArrayBuffer));
  return 0;
}

export function decode(): number {
  Host.outputBytes(Host.base64ToArrayBuffer(Host.inputString()));
  return 0;
}
