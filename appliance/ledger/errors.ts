import { defineErrors } from '../../firmware-bridge/errors/catalogue.js';

/** The chain, the SealRegistry contract, the outbox and anchor receipts. */
export const ledgerErrors = defineErrors('appliance/ledger', {
  CHAIN_UNREACHABLE: {
    status: 503,
    zh: '无法连接区块链节点（{reason}），事件已保存在本地，稍后自动上链。',
    en: 'No blockchain node could be reached ({reason}); events stay in the local outbox and are anchored later.',
  },
  CHAIN_TX_FAILED: {
    status: 502,
    zh: '区块链交易失败：{reason}',
    en: 'The blockchain transaction failed: {reason}',
  },
  CHAIN_KEY_INVALID: {
    status: 400,
    zh: 'Ukey 上的链密钥 {key} 不是 secp256k1 密钥或无法使用：{reason}',
    en: 'The chain key {key} on the USB key is not a usable secp256k1 key: {reason}',
  },
  CONTRACT_NOT_DEPLOYED: {
    status: 404,
    zh: '在 {address} 找不到印章登记合约，请先运行 sealdesk chain deploy。',
    en: 'No seal registry contract at {address}; run sealdesk chain deploy first.',
  },
  CONTRACT_COMPILE_FAILED: {
    status: 500,
    zh: '印章登记合约编译失败：{reason}',
    en: 'The seal registry contract failed to compile: {reason}',
  },
  RECEIPT_INVALID: {
    status: 400,
    zh: '存证回执格式不正确：{reason}',
    en: 'The anchoring receipt is malformed: {reason}',
  },
  RECEIPT_PROOF_INVALID: {
    status: 422,
    zh: '存证回执与其所证明的内容不符（{reason}），回执可能被篡改。',
    en: 'The receipt does not hold ({reason}); it may have been tampered with.',
  },
  // receipts bound to their signed event (issue 17 item 4)
  RECEIPT_UNBOUND: {
    status: 422,
    zh: '该回执（第 {version} 版）不含已签名的印章事件，其所称的事件编号、文件哈希、印章和时间无从核对；请向盖章终端重新导出回执（sealdesk outbox receipt 或 GET /api/events/…/anchor）。',
    en: 'This receipt (version {version}) does not carry the signed seal event, so the event id, document hash, seal and time it claims are tied to nothing; export it again from the terminal that stamped (sealdesk outbox receipt or GET /api/events/…/anchor).',
  },
  RECEIPT_NOT_ANCHORED: {
    status: 422,
    zh: '回执中的根未在所述交易中上链：{reason}',
    en: 'The receipt’s root was not anchored by the stated transaction: {reason}',
  },
  RECEIPT_CHAIN_MISMATCH: {
    status: 422,
    zh: '回执属于另一条链（回执 {expected}，节点 {actual}）。',
    en: 'The receipt belongs to another chain (receipt {expected}, node {actual}).',
  },
  EVENT_NOT_FOUND: {
    status: 404,
    zh: '本终端的存证记录中找不到该签章的印章事件，无法核对区块链存证。',
    en: 'No seal event for this signature is in this terminal’s records; its anchoring cannot be checked.',
  },
  EVENT_NOT_ANCHORED: {
    status: 409,
    zh: '印章事件 {event} 尚未上链，请稍后再验证。',
    en: 'Seal event {event} is not anchored on the chain yet; verify again later.',
  },
  SEAL_CHAIN_PENDING: {
    status: 503,
    zh: '印章 {seal} 已在本终端更改，但尚未写入区块链（{reason}）；该更改已记入本地队列，节点恢复后自动补写（或运行 sealdesk outbox retry）。',
    en: 'Seal {seal} changed on this terminal but is not on the chain yet ({reason}); the change is queued and written once a node is back (or run sealdesk outbox retry).',
  },
  SEAL_NOT_ON_CHAIN: {
    status: 404,
    zh: '签章时印章 {seal} 尚未在区块链上登记。',
    en: 'Seal {seal} was not registered on the chain when the document was stamped.',
  },
  OUTBOX_WRITE_FAILED: {
    status: 500,
    zh: '印章事件无法写入本地存证队列（{reason}），本次盖章无效。',
    en: 'The seal event could not be written to the local outbox ({reason}); this stamp does not count.',
  },
  // the chain follower (appliance/ledger/follower)
  SEAL_STATUS_STALE: {
    status: 503,
    zh: '本终端对印章状态的掌握已有 {age} 秒未与区块链核对（上限 {limit} 秒），为防止使用已注销的印章，暂停盖章。请检查本终端与区块链节点的网络连接（/health 中的 follower 一项）。',
    en: 'This terminal last checked seal statuses against the chain {age} s ago (the limit is {limit} s); stamping waits so a revoked seal cannot stamp. Check the terminal’s connection to the chain nodes (the follower part of /health).',
  },
  CHAIN_REORG_TOO_DEEP: {
    status: 503,
    zh: '区块链在已确认的区块 {block} 处发生了回滚（本地记录 {expected}，节点现为 {actual}），超出 {confirmations} 个确认块；印章状态跟随已停止，请联系区块链运维核查。',
    en: 'The chain re-organised below a final block: block {block} was {expected} here and is {actual} on the node, deeper than {confirmations} confirmations; following seal statuses has stopped: ask the chain’s operators.',
  },
  SEAL_RECORD_INVALID: {
    status: 422,
    zh: '印章档案 {hash} 无法使用：{reason}',
    en: 'The seal record {hash} cannot be used: {reason}',
  },
  // issue 17 item 2: terminals, their seal grants and the organisation tree, decided at the desk and followed from the chain
  SEAL_NOT_GRANTED_TO_TERMINAL: {
    status: 403,
    zh: '本终端（{terminal}）未获准使用印章 {seal}：印章由印章管理台按终端授权，请联系印章管理员在管理台授权后，待区块确认再试。',
    en: 'This terminal ({terminal}) is not granted the seal {seal}: seals are granted to terminals at the seal administration desk; ask a seal administrator to grant it there, then try again once the block is final.',
  },
  TERMINAL_NOT_REGISTERED: {
    status: 404,
    zh: '终端 {terminal} 尚未在区块链上登记，请先运行 sealdesk terminal register 登记该终端。',
    en: 'The terminal {terminal} is not registered on the chain: register it first with sealdesk terminal register.',
  },
  HALL_RECORD_INVALID: {
    status: 422,
    zh: '大厅档案 {hash} 无法使用：{reason}',
    en: 'The hall record {hash} cannot be used: {reason}',
  },
  // a seal change made while the chain is out of reach: queued, the ledger runner sends it later
  SEAL_CHANGE_QUEUED: {
    // the chain is what was unavailable; the change itself holds here and is sent later
    status: 503,
    zh: '印章 {seal} 的状态已在本机生效，但尚未写入区块链（{reason}）：已排队，节点恢复后由本机自动上链，无需重复操作。',
    en: 'The status of seal {seal} holds on this terminal but has not reached the chain yet ({reason}); it is queued and sent by this terminal once a node answers: there is no need to repeat it.',
  },
});

declare module '../../firmware-bridge/errors/catalogue.js' {
  interface ErrorCatalogue {
    'appliance/ledger': typeof ledgerErrors;
  }
}
