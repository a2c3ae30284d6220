import { makeIdNumber } from './id-number.js';

/** What a resident ID card holds, as the SAM gives it (all text; the photo opaque). */
export interface Identity {
  name: string;
  /** '1' male, '2' female. */
  sex: string;
  /** Two-digit GB 3304 nationality code, '01' 汉 … '56' 基诺. */
  nation: string;
  /** YYYYMMDD. */
  birth: string;
  /** Up to 35 characters (the 70-byte field). */
  address: string;
  /** 18 characters; may deliberately carry a wrong check character. */
  idNumber: string;
  authority: string;
  validFrom: string;
  /** YYYYMMDD or 长期. */
  validTo: string;
  /** 1,024 opaque bytes standing in for the WLT photo; a pattern when omitted. */
  photo?: Uint8Array;
  /** 1,024 fingerprint bytes for command 30 10; none when omitted. */
  fingerprint?: Uint8Array;
  /** The appended newest address (command 30 03); the card address when omitted. */
  newestAddress?: string;
}

/** A made-up citizen with a valid ID number; tests override what they need. */
export function sampleCitizen(overrides: Partial<Identity> = {}): Identity {
  return {
    name: '李华',
    sex: '2',
    nation: '01',
    birth: '19851112',
    address: '浙江省杭州市上城区解放路138号',
    idNumber: makeIdNumber({ region: '330102', birth: '19851112', sequence: 246, sex: '2' }),
    authority: '杭州市公安局上城分局',
    validFrom: '20100101',
    validTo: '长期',
    ...overrides,
  };
}
