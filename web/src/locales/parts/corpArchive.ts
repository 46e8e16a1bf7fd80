// Texts of the archive section of Settings → Corps: source, secret and the
// private keys by publickey_ver.
import type { LocalePart } from '../part'

const en = {
  errors: {
    bad_archive_key: 'The archive key was refused: {message}',
  },
  corpArchive: {
    open: 'Archive',
    title: 'Conversation archive · {name}',
    configNote: 'This corp comes from the config file: its archive is set there and shown here read-only.',
    source: 'Archive source',
    sourceOff: 'Off',
    sourceSdk: 'Finance SDK',
    sourceSim: 'Simulator',
    url: 'Simulator URL',
    urlRequired: 'Give the simulator\'s http(s) URL.',
    secret: 'Archive secret',
    saved: 'Archive settings saved; ingest follows within seconds',
    keys: 'Private keys by publickey_ver',
    keysNote: 'Keys are only added, never replaced: older messages stay encrypted to older versions.',
    noKeys: 'No private key yet: records are quarantined until their version\'s key is added',
    fingerprint: 'Fingerprint (SHA-256 of the public key)',
    addedAt: 'Added',
    fromConfig: 'config file',
    key: {
      title: 'Add an archive private key',
      intro: 'Paste the RSA private key (PEM) whose public key is set for this version in the WeCom admin console. It is stored encrypted and never shown again; only its fingerprint is.',
      version: 'publickey_ver',
      pem: 'Private key (PEM)',
      add: 'Add key',
      added: 'Key v{v} added; quarantined records of that version are decrypted now',
      versionRequired: 'Give the key version (publickey_ver, 1 or more).',
      versionHeld: 'Version {v} already has a key; add the new version instead.',
      pemRequired: 'Paste one PEM private key, from -----BEGIN to -----END.',
    },
  },
}

const zhCN: typeof en = {
  errors: {
    bad_archive_key: '会话存档私钥未被接受：{message}',
  },
  corpArchive: {
    open: '会话存档',
    title: '会话存档 · {name}',
    configNote: '此企业来自配置文件：其会话存档在配置文件中设置，此处只读。',
    source: '存档来源',
    sourceOff: '关闭',
    sourceSdk: '企业微信 Finance SDK',
    sourceSim: '模拟器',
    url: '模拟器地址',
    urlRequired: '请填写模拟器的 http(s) 地址。',
    secret: '会话存档 Secret',
    saved: '会话存档设置已保存，数秒内生效',
    keys: '按 publickey_ver 的私钥',
    keysNote: '私钥只增不换：旧消息仍以旧版本加密。',
    noKeys: '尚无私钥：在添加对应版本的私钥前，记录将被隔离',
    fingerprint: '指纹（公钥 SHA-256）',
    addedAt: '添加时间',
    fromConfig: '配置文件',
    key: {
      title: '添加会话存档私钥',
      intro: '粘贴 RSA 私钥（PEM），其公钥须已在企业微信管理后台设为该版本。私钥加密保存，之后不再显示，只显示指纹。',
      version: 'publickey_ver',
      pem: '私钥（PEM）',
      add: '添加私钥',
      added: '私钥 v{v} 已添加；该版本被隔离的记录正在重新解密',
      versionRequired: '请填写私钥版本（publickey_ver，不小于 1）。',
      versionHeld: '版本 {v} 已有私钥；请添加新版本。',
      pemRequired: '请粘贴完整的 PEM 私钥，从 -----BEGIN 到 -----END。',
    },
  },
}

export default { en, 'zh-CN': zhCN } satisfies LocalePart
