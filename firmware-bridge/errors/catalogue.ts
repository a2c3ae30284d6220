/**
 * The one error catalogue of sealdesk. Every failure a user can meet has a stable code, an HTTP
 * status and a sentence a clerk can act on, in zh-CN and en. It lives in firmware-bridge because
 * that is the bottom layer: drivers, the appliance and the simulator can all import it.
 *
 * Sentences may name parameters as {name}; they are filled from the error's details.
 * They must never contain a PIN, an ID number or a name: details are for codes and counts.
 */
export interface CatalogueEntry {
  readonly status: number;
  readonly zh: string;
  readonly en: string;
}

export const catalogue = {
  // general
  USAGE: { status: 400, zh: '命令用法不正确：{reason}', en: 'Wrong usage: {reason}' },
  CONFIG_INVALID: { status: 500, zh: '配置无效：{reason}', en: 'The configuration is invalid: {reason}' },
  INPUT_INVALID: { status: 400, zh: '输入无效：{reason}', en: 'The input is invalid: {reason}' },
  FILE_NOT_FOUND: { status: 404, zh: '找不到文件：{path}', en: 'File not found: {path}' },
  OUTPUT_NOT_WRITABLE: {
    status: 409,
    zh: '无法写入输出文件 {path}（{reason}），请检查目录是否存在、可写且有足够空间。',
    en: 'The output file {path} cannot be written ({reason}); check that its folder exists, is writable and has space.',
  },
  INTERNAL: { status: 500, zh: '内部错误，请联系管理员。', en: 'Internal error; please call the administrator.' },

  // operators, sessions, organisations (appliance/directory); UNAUTHENTICATED and FORBIDDEN are with the service's
  OPERATOR_SELF_CHANGE: {
    status: 409,
    zh: '不能更改自己的账户（角色、停用或口令），请由另一位管理员操作。',
    en: 'You cannot change your own account (role, disabling or password); ask another administrator.',
  },
  SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录。', en: 'Your session has expired; sign in again.' },
  SIGN_IN_FAILED: {
    status: 401,
    zh: '用户名或密码错误，请重新输入。',
    en: 'The username or password is wrong; type them again.',
  },
  SIGN_IN_THROTTLED: {
    status: 429,
    zh: '登录失败次数过多，请在 {retryAfter} 秒后重试。',
    en: 'Too many failed sign-ins; try again in {retryAfter} seconds.',
  },
  ORGANISATION_NOT_FOUND: { status: 404, zh: '找不到单位 {organisation}。', en: 'Organisation {organisation} not found.' },
  ORGANISATION_INVALID: { status: 400, zh: '单位信息无效：{reason}', en: 'The organisation is invalid: {reason}' },
  OPERATOR_NOT_FOUND: { status: 404, zh: '找不到操作员 {operator}。', en: 'Operator {operator} not found.' },
  OPERATOR_EXISTS: {
    status: 409,
    zh: '该用户名已被使用，请换一个用户名。',
    en: 'This username is already taken; choose another one.',
  },
  PASSWORD_POLICY: {
    status: 400,
    zh: '密码至少需要 {minLength} 个字符，且不能包含用户名，请换一个密码。',
    en: 'A password needs at least {minLength} characters and must not contain the username; choose another.',
  },

  // PKCS#11 module, slot, token
  MODULE_NOT_FOUND: {
    status: 503,
    zh: '找不到 PKCS#11 模块 {module}，请检查 Ukey 驱动是否已安装。',
    en: 'PKCS#11 module {module} not found; check that the USB key driver is installed.',
  },
  MODULE_LOAD_FAILED: {
    status: 503,
    zh: 'PKCS#11 模块 {module} 无法加载：{reason}',
    en: 'PKCS#11 module {module} could not be loaded: {reason}',
  },
  SLOT_NOT_FOUND: { status: 404, zh: '找不到卡槽 {slot}。', en: 'Slot {slot} not found.' },
  TOKEN_NOT_PRESENT: {
    status: 503,
    zh: '未检测到 Ukey（{token}），请插入后重试。',
    en: 'The USB key ({token}) is not present; insert it and try again.',
  },
  TOKEN_AMBIGUOUS: {
    status: 409,
    zh: '有多个 Ukey 符合条件（{token}），请用 --slot 或 --token 指定一个。',
    en: 'More than one USB key matches ({token}); choose one with --slot or --token.',
  },
  TOKEN_NOT_INITIALIZED: {
    status: 409,
    zh: 'Ukey 尚未初始化，请先由印章管理员初始化。',
    en: 'The USB key is not initialised; a seal administrator must initialise it first.',
  },
  TOKEN_WRITE_PROTECTED: { status: 409, zh: 'Ukey 处于写保护状态。', en: 'The USB key is write-protected.' },
  LOGIN_REQUIRED: {
    status: 401,
    zh: '请先输入 Ukey 口令登录。',
    en: 'Enter the USB key PIN to log in first.',
  },
  PIN_REQUIRED: {
    status: 400,
    zh: '需要口令：请设置 {variable} 环境变量，或在终端中运行以输入口令。',
    en: 'A PIN is needed: set {variable}, or run in a terminal to type it.',
  },
  PIN_NOT_INITIALIZED: {
    status: 409,
    zh: 'Ukey 的用户口令尚未设置，请印章管理员先设置（sealdesk token init-pin）。',
    en: 'The USB key has no user PIN yet; a seal administrator must set one (sealdesk token init-pin).',
  },
  PIN_INCORRECT: {
    status: 401,
    zh: '口令错误，还可尝试 {triesLeft} 次。',
    en: 'Wrong PIN; {triesLeft} tries left.',
  },
  PIN_LOCKED: {
    status: 423,
    zh: '口令已锁定，请印章管理员用管理员口令（SO PIN）解锁。',
    en: 'The PIN is locked; a seal administrator must unblock it with the SO PIN.',
  },
  PIN_POLICY: {
    status: 400,
    zh: '口令长度须在 {min} 到 {max} 位之间。',
    en: 'The PIN must be {min} to {max} characters long.',
  },
  // PINs checked per operation and per operator (issue 13: items 1, 2)
  PIN_CHECK_UNAVAILABLE: {
    status: 409,
    zh: 'Ukey {token} 无法在已登录状态下核对口令（不支持 HMAC），请印章管理员将其注销后重新登录。',
    en: 'USB key {token} cannot check a PIN while open (no HMAC support); a seal administrator must log it out, then log in again.',
  },
  PIN_OPERATOR_LOCKED: {
    status: 423,
    zh: '您在此 Ukey 上输错口令次数过多，已不能再试；请印章管理员用管理员口令（SO PIN）解锁。',
    en: 'You entered too many wrong PINs for this USB key and may not try again; a seal administrator must unblock it with the SO PIN.',
  },
  STAMP_PIN_REQUIRED: {
    status: 400,
    zh: '每次盖章都须输入 Ukey 口令。',
    en: 'Every stamp needs the USB key PIN; enter it.',
  },
  KEY_NOT_FOUND: { status: 404, zh: 'Ukey 上找不到密钥 {key}。', en: 'Key {key} not found on the USB key.' },
  KEY_EXISTS: {
    status: 409,
    zh: 'Ukey 上已有名为 {key} 的密钥。',
    en: 'A key labelled {key} already exists on the USB key.',
  },
  MECHANISM_UNSUPPORTED: {
    status: 422,
    zh: '该 Ukey 不支持所需算法 {mechanism}。',
    en: 'The USB key does not support the mechanism {mechanism}.',
  },
  CERT_INVALID: { status: 400, zh: '证书无法解析：{reason}', en: 'The certificate cannot be parsed: {reason}' },
  CERT_KEY_MISMATCH: {
    status: 409,
    zh: '证书的公钥与密钥 {key} 不匹配。',
    en: 'The certificate does not belong to key {key}.',
  },
  DEVICE_ERROR: {
    status: 502,
    zh: 'Ukey 设备出错（{reason}），请重新插拔后重试。',
    en: 'The USB key reported an error ({reason}); re-insert it and try again.',
  },

  // serial / HID / TCP devices (firmware-bridge)
  DEVICE_TIMEOUT: {
    status: 504,
    zh: '设备 {device} 无响应，请检查连接。',
    en: 'Device {device} did not answer; check its cable.',
  },
  DEVICE_DISCONNECTED: {
    status: 503,
    zh: '设备 {device} 已断开连接。',
    en: 'Device {device} is disconnected.',
  },
  DEVICE_NOT_FITTED: {
    status: 503,
    zh: '本终端未配置{device}设备，请联系管理员。',
    en: 'No {device} device is fitted to this terminal; call the administrator.',
  },
  CARD_NOT_READ: {
    status: 409,
    zh: '请先读取身份证（读取后 5 分钟内有效）。',
    en: 'Read the ID card first (a reading is good for 5 minutes).',
  },
  KIOSK_NO_SEAL: {
    status: 409,
    zh: '本终端没有可用于“{template}”的印章，请到窗口办理。',
    en: 'This kiosk holds no seal for "{template}"; please go to a counter.',
  },
  DEVICE_BUSY: { status: 409, zh: '设备 {device} 正忙。', en: 'Device {device} is busy.' },
  DEVICE_CANCELLED: { status: 499, zh: '设备操作已取消。', en: 'The device operation was cancelled.' },
  FRAME_CHECKSUM: {
    status: 502,
    zh: '设备 {device} 数据校验失败。',
    en: 'Device {device} sent a frame with a bad checksum.',
  },
  FRAME_TOO_LONG: {
    status: 502,
    zh: '设备 {device} 数据帧过长。',
    en: 'Device {device} sent a frame that is too long.',
  },
  DEVICE_PROTOCOL_ERROR: {
    status: 502,
    zh: '设备 {device} 返回了无法识别的应答（{reason}），请重启设备后重试。',
    en: 'Device {device} sent an answer that cannot be understood ({reason}); restart it and try again.',
  },
  NO_CARD: { status: 404, zh: '请将身份证放在读卡区。', en: 'Place the ID card on the reader.' },
  CARD_READ_FAILED: {
    status: 502,
    zh: '身份证读取失败，请重新放置后再试。',
    en: 'The ID card could not be read; place it again and retry.',
  },
  ID_NUMBER_INVALID: {
    status: 422,
    zh: '身份证号码校验失败。',
    en: 'The ID number failed its check.',
  },
  PRINTER_PAPER_OUT: {
    status: 503,
    zh: '打印机缺纸，请装纸后继续。',
    en: 'The printer is out of paper; load paper to continue.',
  },
  PRINTER_COVER_OPEN: {
    status: 503,
    zh: '打印机上盖打开，请合上后继续。',
    en: 'The printer cover is open; close it to continue.',
  },
  PRINTER_OFFLINE: { status: 503, zh: '打印机离线。', en: 'The printer is offline.' },
  PRINTER_UNREACHABLE: {
    status: 503,
    zh: '无法连接打印机 {printer}。',
    en: 'The printer {printer} cannot be reached.',
  },
  PRINTER_REJECTED_JOB: {
    status: 502,
    zh: '打印机拒绝了打印任务：{reason}',
    en: 'The printer rejected the job: {reason}',
  },

  // PDF documents (appliance/pdf)
  PDF_MALFORMED: {
    status: 422,
    zh: 'PDF 文件已损坏或不是 PDF（{reason}），请重新导出后再试。',
    en: 'The PDF is damaged or not a PDF ({reason}); export it again and retry.',
  },
  PDF_ENCRYPTED: {
    status: 422,
    zh: 'PDF 文件已加密，无法盖章，请提供未加密的文件。',
    en: 'The PDF is encrypted and cannot be stamped; provide an unencrypted file.',
  },
  // documents from outside, any format (appliance/documents): a limit of documents.limits reached
  DOCUMENT_TOO_COMPLEX: {
    status: 422,
    zh: '文件过于复杂，无法安全打开：{limitName}超出上限 {maximum}（配置项 {setting}）。请向提供方索取正常导出的文件。',
    en: 'The document is too complex to open safely: its {limitName} exceeds the limit of {maximum} ({setting}). Ask for a normally exported copy.',
  },
  DOC_LOCKED: {
    status: 409,
    zh: '该文件已被认证签名锁定（不允许任何修改），不能再盖章。',
    en: 'The document is certified with "no changes allowed"; it cannot be stamped.',
  },
  PAGE_OUT_OF_RANGE: {
    status: 400,
    zh: '页码 {page} 超出范围，该文件共 {pageCount} 页。',
    en: 'Page {page} is out of range; the document has {pageCount} pages.',
  },
  ANCHOR_TEXT_NOT_FOUND: {
    status: 404,
    zh: '在文件中找不到盖章位置文字“{text}”。',
    en: 'The anchor text "{text}" was not found in the document.',
  },
  SIGNATURE_TOO_LARGE: {
    status: 500,
    zh: '签名数据（{size} 字节）超出预留空间（{room} 字节）。',
    en: 'The signature ({size} bytes) does not fit the reserved space ({room} bytes).',
  },
  SIGNATURE_FIELD_NOT_FOUND: {
    status: 404,
    zh: '文件中没有名为“{field}”的空白签章域。',
    en: 'The document has no empty signature field named "{field}".',
  },
  CHANGE_NOT_ALLOWED: {
    status: 422,
    zh: '签名之后文件被做了不允许的修改（{reason}）。',
    en: 'The document was changed after signing in a way that is not allowed ({reason}).',
  },
  TSA_REQUIRED: {
    status: 400,
    zh: '{level} 级别需要时间戳服务地址（--tsa）。',
    en: 'Level {level} needs a timestamp authority (--tsa URL).',
  },

  // CMS / PAdES signatures, timestamps, verification (appliance/pades)
  TSA_UNREACHABLE: {
    status: 503,
    zh: '无法连接时间戳服务器 {url}，请检查网络后重试，或改用不带时间戳的签章级别。',
    en: 'The timestamp server {url} cannot be reached; check the network and retry, or stamp without a timestamp.',
  },
  TSA_REJECTED: {
    status: 502,
    zh: '时间戳服务器拒绝了请求或返回了无效应答：{reason}',
    en: 'The timestamp server refused the request or answered wrongly: {reason}',
  },
  CMS_MALFORMED: {
    status: 422,
    zh: '签名数据无法解析或不符合 PAdES 要求：{reason}',
    en: 'The signature data cannot be parsed or breaks the PAdES rules: {reason}',
  },
  BYTE_RANGE_INVALID: {
    status: 422,
    zh: '签名覆盖范围不正确：{reason}',
    en: 'The signed byte range is wrong: {reason}',
  },
  DIGEST_MISMATCH: {
    status: 422,
    zh: '文件在签章后被修改过（摘要不一致）。',
    en: 'The document was changed after it was signed (digest mismatch).',
  },
  SIGNATURE_INVALID: {
    status: 422,
    zh: '签名值验证失败：签名不是由该证书的密钥做出的，或已被篡改。',
    en: 'The signature value does not verify: it was not made by the certificate’s key, or it was altered.',
  },
  SIGNING_CERT_MISMATCH: {
    status: 422,
    zh: '签名中声明的签章证书与实际证书不一致。',
    en: 'The signing certificate named in the signature is not the certificate that signed.',
  },
  CERT_UNTRUSTED: {
    status: 422,
    zh: '证书 {subject} 无法链接到受信任的根证书。',
    en: 'Certificate {subject} does not chain up to a trusted root.',
  },
  CERT_NOT_VALID_AT_TIME: {
    status: 422,
    zh: '证书 {subject} 在签章时间 {time} 不在有效期内。',
    en: 'Certificate {subject} was not valid at the signing time {time}.',
  },
  CERT_REVOKED: {
    status: 422,
    zh: '证书 {subject} 已于 {time} 被吊销。',
    en: 'Certificate {subject} was revoked on {time}.',
  },
  TIMESTAMP_INVALID: {
    status: 422,
    zh: '时间戳无效：{reason}',
    en: 'The timestamp is invalid: {reason}',
  },

  // seals, seal images, dev CA (appliance/seals, appliance/ca)
  USCC_INVALID: {
    status: 422,
    zh: '统一社会信用代码无效：{reason}',
    en: 'The Unified Social Credit Code is invalid: {reason}',
  },
  SEAL_NOT_FOUND: { status: 404, zh: '找不到印章 {seal}。', en: 'Seal {seal} not found.' },
  SEAL_EXISTS: {
    status: 409,
    zh: '印章已存在：{seal}。',
    en: 'The seal already exists: {seal}.',
  },
  SEAL_REVOKED: {
    status: 410,
    zh: '印章 {seal} 已注销，不能再使用。',
    en: 'Seal {seal} has been revoked and can no longer be used.',
  },
  SEAL_SUSPENDED: {
    status: 423,
    zh: '印章 {seal} 已暂停使用，请联系印章管理员恢复。',
    en: 'Seal {seal} is suspended; ask the seal administrator to resume it.',
  },
  SEAL_NOT_VALID: {
    status: 409,
    zh: '印章 {seal} 不在有效期内（{notBefore} 至 {notAfter}）。',
    en: 'Seal {seal} is outside its validity ({notBefore} to {notAfter}).',
  },
  SEAL_IMAGE_INVALID: {
    status: 422,
    zh: '印章图片不可用：{reason}',
    en: 'The seal image cannot be used: {reason}',
  },
  FONT_MISSING: {
    status: 500,
    zh: '缺少印章字体 {path}，请安装 fonts-noto-cjk。',
    en: 'The seal font {path} is missing; install fonts-noto-cjk.',
  },

  // certificate templates (kiosk documents)
  TEMPLATE_NOT_FOUND: { status: 404, zh: '找不到证明模板 {template}。', en: 'Certificate template {template} not found.' },
  TEMPLATE_INVALID: {
    status: 422,
    zh: '证明模板 {template} 无效：{path} {reason}',
    en: 'Certificate template {template} is invalid: {path} {reason}',
  },
  TEMPLATE_BUILT_IN: {
    status: 409,
    zh: '证明模板 {template} 是内置模板，不能删除；可添加同一编号的模板来替换它。',
    en: 'Certificate template {template} is built in and cannot be removed; add a template with the same id to replace it.',
  },
  TEMPLATE_FIELD_MISSING: {
    status: 400,
    zh: '请填写“{label}”（{field}）。',
    en: 'Fill in “{labelEn}” ({field}).',
  },
  TEMPLATE_FIELD_INVALID: {
    status: 422,
    zh: '“{label}”（{field}）填写不正确：{reason}',
    en: '“{labelEn}” ({field}) is not valid: {reason}',
  },
  TEMPLATE_TEXT_OVERFLOW: {
    status: 422,
    zh: '填写的内容过长，超出了证明模板 {template} 的版面（{block}），请缩短后重试。',
    en: 'The text is too long for the layout of template {template} ({block}); shorten it and retry.',
  },
  CA_NOT_INITIALIZED: {
    status: 409,
    zh: '印章 CA 尚未初始化，请先运行 sealdesk ca init。',
    en: 'The seal CA is not initialised; run sealdesk ca init first.',
  },
  CA_EXISTS: {
    status: 409,
    zh: '印章 CA 已存在（{path}），不会覆盖。',
    en: 'A seal CA already exists ({path}); it is not overwritten.',
  },
  CSR_INVALID: {
    status: 400,
    zh: '证书请求无效：{reason}',
    en: 'The certificate request is invalid: {reason}',
  },

  // chain and ledger
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
    zh: '存证回执的默克尔证明与根不符，回执可能被篡改。',
    en: 'The receipt’s Merkle proof does not lead to its root; the receipt may have been tampered with.',
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

  // audit log
  AUDIT_WRITE_FAILED: {
    status: 500,
    zh: '审计日志无法写入（{reason}），本次操作未执行。',
    en: 'The audit log could not be written ({reason}); the action was not carried out.',
  },
  AUDIT_DETAIL_SENSITIVE: {
    status: 500,
    zh: '审计记录中不得包含口令、身份证号或姓名（{field}），已拒绝写入。',
    en: 'An audit entry may not hold a PIN, an ID number or a name ({field}); it was refused.',
  },
  AUDIT_CHAIN_BROKEN: {
    status: 409,
    zh: '审计日志已被篡改（第 {seq} 条：{problem}），请保全现场并报告安全管理员。',
    en: 'The audit log has been tampered with (entry {seq}: {problem}); preserve the terminal and report to the security officer.',
  },
  AUDIT_UNAVAILABLE: {
    status: 503,
    zh: '无法检查审计日志：{reason}',
    en: 'The audit log could not be checked: {reason}',
  },

  // licence records 电子证照 (appliance/licences)
  LICENCE_CODE_INVALID: { status: 400, zh: '证照码格式不正确，请重新扫描。', en: 'The licence code is malformed; scan it again.' },
  LICENCE_NOT_FOUND: { status: 404, zh: '区块链上没有证照 {licence}。', en: 'Licence {licence} is not on the chain.' },
  LICENCE_KEY_MISMATCH: {
    status: 403,
    zh: '该密钥不属于证照 {licence} 的持有人，无法解密。',
    en: "This key is not the holder's key of licence {licence}; it cannot be decrypted.",
  },
  LICENCE_TAMPERED: {
    status: 422,
    zh: '证照 {licence} 的链上记录未通过完整性校验（{reason}），请勿采信。',
    en: 'The record of licence {licence} on the chain failed its integrity check ({reason}); do not rely on it.',
  },
  LICENCE_SHREDDED: {
    status: 410,
    zh: '该持证人的密钥已在本终端销毁，其证照记录无法再由本终端解密。',
    en: "This holder's key was destroyed on this terminal; their licence records can no longer be decrypted here.",
  },
  LICENCE_SUBJECT_UNKNOWN: { status: 404, zh: '本终端没有该持证人的密钥。', en: 'This terminal holds no key for this holder.' },
  LICENCE_SEAL_INVALID: {
    status: 422,
    zh: '签发证照时印章 {seal} 在区块链上的状态为 {status}，证照无效。',
    en: 'Seal {seal} was {status} on the chain when the licence was issued; the licence is not valid.',
  },

  // HTTP service (appliance/service)
  ROUTE_NOT_FOUND: { status: 404, zh: '没有这个接口：{method} {url}', en: 'No such route: {method} {url}' },
  JSON_MALFORMED: { status: 400, zh: '请求内容不是有效的 JSON：{reason}', en: 'The request body is not valid JSON: {reason}' },
  REQUEST_INVALID: { status: 400, zh: '请求不符合要求：{reason}', en: 'The request is not valid: {reason}' },
  MEDIA_TYPE_UNSUPPORTED: { status: 415, zh: '不支持的内容类型：{type}', en: 'Unsupported content type: {type}' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '上传内容过大，上限 {limit} 字节。', en: 'The upload is too large; the limit is {limit} bytes.' },
  FILE_NAME_INVALID: { status: 400, zh: '文件名不允许：{reason}', en: 'The file name is not allowed: {reason}' },
  // documents and stamp jobs of the service
  DOCUMENT_NOT_FOUND: { status: 404, zh: '找不到文档 {document}。', en: 'Document {document} not found.' },
  DOCUMENT_NOT_PDF: { status: 415, zh: '上传的文件不是 PDF 文档，请上传 PDF。', en: 'The uploaded file is not a PDF; upload a PDF.' },
  STAMP_NOT_FOUND: { status: 404, zh: '找不到盖章记录 {stamp}。', en: 'Stamp {stamp} not found.' },
  STAMP_IN_PROGRESS: { status: 409, zh: '该盖章请求正在处理，请稍后查看结果。', en: 'This stamp request is still being processed; check its result shortly.' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '该幂等键已用于另一份不同的盖章请求，请换一个键。',
    en: 'This idempotency key was used for a different stamp request; use a new key.',
  },
  TLS_REQUIRED: {
    status: 500,
    zh: '服务只能在本机地址上不加密运行；要监听 {host}，请在配置中提供 TLS 证书和私钥。',
    en: 'The service runs without TLS only on a loopback address; to listen on {host}, configure a TLS certificate and key.',
  },
  // Host and Origin of a request (appliance/service/access/request-origin.ts)
  HOST_NOT_ALLOWED: {
    status: 421,
    zh: '此服务不以主机名 {host} 提供；请用本机地址或管理员配置的名称访问。',
    en: 'This service is not served under the host name {host}; use the loopback address or a name the administrator configured.',
  },
  ORIGIN_REFUSED: {
    status: 403,
    zh: '来自其他网页（{origin}）的更改请求被拒绝；请在 sealdesk 自己的页面上操作。',
    en: 'A change requested from another web page ({origin}) was refused; use sealdesk’s own pages.',
  },
  UNAUTHENTICATED: { status: 401, zh: '请先登录。', en: 'Please sign in first.' },
  FORBIDDEN: { status: 403, zh: '您的角色或所属机构无权执行此操作。', en: 'Your role or organisation may not do this.' },

  // availability (issue 13, item 10)
  STAMP_INTERRUPTED: {
    status: 503,
    zh: '盖章时终端重启，本次未盖章、未留下文件，请重新盖章。',
    en: 'The terminal restarted while this stamp was running; nothing was stamped and no file was kept. Stamp the document again.',
  },
  // documents from outside, worked in the document pool (appliance/document-pool)
  SERVICE_BUSY: { status: 503, zh: '服务繁忙，请 {retryAfter} 秒后重试。', en: 'The service is busy; try again in {retryAfter} s.' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请 {retryAfter} 秒后重试。', en: 'Too many requests; try again in {retryAfter} s.' },
  // the document-format seam (appliance/formats, issue 14 item 3)
  DOCUMENT_FORMAT_UNSUPPORTED: {
    status: 415,
    zh: '该文件不是可盖章的文档格式（支持：{formats}），请提供 {formats} 文件。',
    en: 'This file is not in a document format that can be stamped (supported: {formats}); provide a {formats} file.',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof catalogue;

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(catalogue, value);
}
