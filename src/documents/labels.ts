// Printed labels derived from codes the entry carries, so every node derives the same text.
// - Province names: GB/T 2260 province-level division codes (the digits 3–4 of a USCC, GB 32100-2015).
// - Tax bureau: 国家税务总局 + province + 税务局, code "1" + division code padded to 11 digits,
//   as 数电票 XML TaxSupervisionInfo carries it (e.g. 13100000000 国家税务总局上海市税务局).
// - Item categories: the 简称 of the 商品和服务税收分类编码 (the first-level classes, plus the
//   service groups in use); the printed item name is `*简称*名称`.
// - Reversal reasons: the four 红字发票 scenarios of the 数电 红字确认单.

const PROVINCES: Readonly<Record<string, string>> = {
  11: '北京市', 12: '天津市', 13: '河北省', 14: '山西省', 15: '内蒙古自治区', 21: '辽宁省', 22: '吉林省', 23: '黑龙江省',
  31: '上海市', 32: '江苏省', 33: '浙江省', 34: '安徽省', 35: '福建省', 36: '江西省', 37: '山东省', 41: '河南省',
  42: '湖北省', 43: '湖南省', 44: '广东省', 45: '广西壮族自治区', 46: '海南省', 50: '重庆市', 51: '四川省', 52: '贵州省',
  53: '云南省', 54: '西藏自治区', 61: '陕西省', 62: '甘肃省', 63: '青海省', 64: '宁夏回族自治区', 65: '新疆维吾尔自治区',
  71: '台湾省', 81: '香港特别行政区', 82: '澳门特别行政区',
};

/** The provincial tax bureau of a seller, from its USCC's division code. */
export function taxBureauOf(sellerTaxpayerId: string): { code: string; name: string } {
  const province = sellerTaxpayerId.slice(2, 4);
  const name = PROVINCES[province];
  if (!name) throw new RangeError(`no province ${province} in taxpayer id`);
  return { code: `1${province}00000000`, name: `国家税务总局${name}税务局` };
}

/** The six-letter EInvoiceTag of the province (SWEI + province + 00, e.g. SWEI3100). */
export function eInvoiceTagOf(sellerTaxpayerId: string): string {
  return `SWEI${sellerTaxpayerId.slice(2, 4)}00`;
}

// Longest prefix wins: specific codes first, then groups, then the first-level class.
const CATEGORIES: readonly (readonly [string, string])[] = [
  ['3070401', '餐饮服务'], ['3070402', '住宿服务'], ['30402', '信息技术服务'], ['30401', '研发和技术服务'],
  ['30403', '文化创意服务'], ['30404', '物流辅助服务'], ['30405', '租赁服务'], ['30406', '鉴证咨询服务'],
  ['30407', '广播影视服务'], ['30408', '商务辅助服务'], ['301', '运输服务'], ['302', '邮政服务'], ['303', '电信服务'],
  ['304', '现代服务'], ['305', '建筑服务'], ['306', '金融服务'], ['307', '生活服务'],
  ['1', '货物'], ['2', '劳务'], ['3', '服务'], ['4', '无形资产'], ['5', '不动产'], ['6', '未发生销售行为的不征税项目'],
];

/** `*简称*名称`; a name already written that way is kept as it is. */
export function itemNameOf(name: string, taxCode: string): string {
  if (/^\*[^*]+\*/u.test(name)) return name;
  const category = CATEGORIES.find(([prefix]) => taxCode.startsWith(prefix))?.[1] ?? '其他';
  return `*${category}*${name}`;
}

const REASONS: Readonly<Record<string, string>> = {
  ISSUE_ERROR: '开票有误', SALES_RETURN: '销货退回', SERVICE_SUSPENSION: '服务中止', SALES_DISCOUNT: '销售折让',
};

export function reversalReasonLabel(reason: string): string {
  return REASONS[reason] ?? reason;
}
