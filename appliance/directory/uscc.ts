import { SealdeskError } from '../../firmware-bridge/errors/sealdesk-error.js';

/** GB 32100-2015 symbols: digits and capitals without I, O, S, V, Z (value = index). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * Registration authorities (position 1) and the organisation types each allows (position 2),
 * GB 32100-2015 table 1 with the later additions A (军队) and N (农业农村).
 */
export const REGISTRATION_AUTHORITIES: Readonly<Record<string, { name: string; types: Readonly<Record<string, string>> }>> = {
  '1': { name: '机构编制', types: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', types: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    types: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { name: '文化', types: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', types: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': { name: '旅游', types: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' } },
  '7': { name: '宗教', types: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', types: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商', types: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', types: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', types: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', types: { '1': '其他' } },
};

// GB/T 2260 province-level prefixes; 10 is the national level (central authorities use 100000).
const PROVINCES = new Set([
  '10', '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

export interface Uscc {
  code: string;
  registrationAuthority: { code: string; name: string };
  organisationType: { code: string; name: string };
  /** GB/T 2260 administrative division code of the registering authority. */
  region: string;
  /** The GB 11714 organisation code (9 characters). */
  organisationCode: string;
  checkCharacter: string;
}

/** The check character for the first 17 characters (which must be USCC symbols). */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) throw new SealdeskError('USCC_INVALID', { reason: `character ${i + 1} "${first17.charAt(i)}" is not allowed`, reasonZh: `第 ${i + 1} 位字符“${first17.charAt(i)}”不允许使用` });
    sum += value * (WEIGHTS[i] as number);
  }
  const c = 31 - (sum % 31);
  return USCC_ALPHABET.charAt(c === 31 ? 0 : c);
}

function invalid(reason: string, reasonZh: string): SealdeskError {
  return new SealdeskError('USCC_INVALID', { reason, reasonZh });
}

/**
 * Parses and validates a USCC. Lower case is refused rather than folded: the code is printed on
 * the business licence in capitals, and a seal certificate must carry it exactly.
 */
export function parseUscc(input: string): Uscc {
  const code = input.trim();
  if (code.length !== 18) throw invalid(`it has ${code.length} characters, not 18`, `共 ${code.length} 位，应为 18 位`);
  for (let i = 0; i < 18; i++) {
    if (!USCC_ALPHABET.includes(code.charAt(i))) {
      throw invalid(
        `character ${i + 1} "${code.charAt(i)}" is not one of 0-9 A-Y without I O S V Z`,
        `第 ${i + 1} 位字符“${code.charAt(i)}”不在允许范围内（0-9、A-Y，不含 I、O、S、V、Z）`,
      );
    }
  }
  const authority = REGISTRATION_AUTHORITIES[code.charAt(0)];
  if (!authority) throw invalid(`"${code.charAt(0)}" is not a registration authority`, `“${code.charAt(0)}”不是有效的登记管理部门代码`);
  const typeName = authority.types[code.charAt(1)];
  if (!typeName) {
    throw invalid(
      `"${code.charAt(1)}" is not an organisation type of authority ${code.charAt(0)} (${authority.name})`,
      `“${code.charAt(1)}”不是登记管理部门 ${code.charAt(0)}（${authority.name}）下的机构类别代码`,
    );
  }
  const region = code.slice(2, 8);
  if (!/^\d{6}$/.test(region) || !PROVINCES.has(region.slice(0, 2))) throw invalid(`"${region}" is not an administrative division code`, `“${region}”不是有效的行政区划代码`);
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (code.charAt(17) !== expected) throw invalid(`the check character is "${code.charAt(17)}", it should be "${expected}"`, `校验码为“${code.charAt(17)}”，应为“${expected}”`);
  return {
    code,
    registrationAuthority: { code: code.charAt(0), name: authority.name },
    organisationType: { code: code.charAt(1), name: typeName },
    region,
    organisationCode: code.slice(8, 17),
    checkCharacter: code.charAt(17),
  };
}

export function isValidUscc(input: string): boolean {
  try {
    parseUscc(input);
    return true;
  } catch {
    return false;
  }
}
