// RFC 6238 TOTP (SHA-1, 30 s, 6 digits) from a base32 secret, with node's crypto.
import { createHmac } from 'node:crypto'

export function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const clean = s.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out = []
  for (const ch of clean) {
    const i = alphabet.indexOf(ch)
    if (i < 0) throw new Error(`totp: bad base32 character ${ch}`)
    value = (value << 5) | i
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

export function totp(secret, now = Date.now(), step = 30, digits = 6) {
  const counter = Math.floor(now / 1000 / step)
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', base32Decode(secret)).update(msg).digest()
  const off = mac[mac.length - 1] & 0x0f
  const code = (mac.readUInt32BE(off) & 0x7fffffff) % 10 ** digits
  return String(code).padStart(digits, '0')
}

/** Seconds left in the current TOTP window. */
export function secondsLeft(now = Date.now(), step = 30) {
  return step - (Math.floor(now / 1000) % step)
}
