// The 数电票 XML (the legal original): root `EInvoice` with Header, EInvoiceData and
// TaxSupervisionInfo, element names as the national fully digitalised e-invoice files carry them.
// Sources (public parsers and converters of real 数电票 XML on GitHub, found by code search):
// - a Python PDF→XML converter (build_xml): Header/EIid/EInvoiceTag/Version, InherentLabel with
//   InIssuType (Y = blue), EInvoiceType (01 电子发票), GeneralOrSpecialVAT (01 专票 / 02 普票);
//   SellerInformation (SellerIdNum, SellerName, SellerAddr, SellerTelNum, SellerBankName,
//   SellerBankAccNum), BuyerInformation (BuyerIdNum, BuyerName, …), BasicInformation
//   (TotalAmWithoutTax, TotalTaxAm, TotalTax-includedAmount, TotalTax-includedAmountInChinese,
//   Drawer, RequestTime), IssuItemInformation (ItemName, SpecMod, MeaUnits, Quantity, UnPrice,
//   Amount, TaxRate, ComTaxAm, TotaltaxIncludedAmount, TaxClassificationCode),
//   SpecificInformation, AdditionalInformation/Remark, TaxSupervisionInfo (InvoiceNumber,
//   IssueTime, TaxBureauCode, TaxBureauName);
// - an Electron invoice manager's XMLJSONData type (same tree, real files parsed with fast-xml-parser);
// - an invoice-workflow guide: a red invoice names the blue one in
//   SpecificInformation/RedEInvoice/OriginalInvoiceCode (数电 has no separate 发票代码, so the
//   20-digit number goes there), and TotalTax-includedAmount (total) is not the per-line
//   TotaltaxIncludedAmount.
// Amounts are exact yuan strings from fen (formatYuan); the rate is a decimal fraction (0.06) or
// the marker's label (免税, 不征税). Same document → same bytes: fixed element order, no clock.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { DomainError, formatYuan, parseYuan, ratePercent, TAX_RATES, type Fen, type TaxRate } from '../domain/index.js';
import type { InvoiceDocument } from './model.js';
import { eInvoiceTagOf } from './labels.js';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
/** The schema version seen in the converter above. */
const EINVOICE_VERSION = '0.35';

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false, processEntities: true });

/** XML text of a rate: decimal fraction for a percentage, the printed label for a marker. */
export function xmlRate(rate: TaxRate): string {
  switch (rate) {
    case 'EXEMPT': return '免税';
    case 'NOT_SUBJECT': return '不征税';
    case 'ZERO_RATED': return '零税率';
    default: {
      const p = ratePercent(rate);
      return p === 0 ? '0' : `0.${String(p).padStart(2, '0')}`;
    }
  }
}

function rateFromXml(text: string): TaxRate {
  const rate = TAX_RATES.find((r) => xmlRate(r) === text);
  if (!rate) throw new DomainError('DOCUMENT.BAD_XML', `unknown TaxRate "${text}"`, { field: 'TaxRate' });
  return rate;
}

const yuan = (fen: Fen): string => formatYuan(fen);

/** The document's XML, UTF-8 text; identical for the same document on any node. */
export function renderInvoiceXml(doc: InvoiceDocument): string {
  const special = doc.vatType === 'SPECIAL';
  const tree = {
    EInvoice: {
      Header: {
        EIid: doc.number,
        EInvoiceTag: eInvoiceTagOf(doc.seller.taxpayerId),
        Version: EINVOICE_VERSION,
        InherentLabel: {
          InIssuType: { LabelCode: doc.kind === 'BLUE' ? 'Y' : 'N', LabelName: '是否蓝字发票标志' },
          EInvoiceType: { LabelCode: '01', LabelName: '电子发票' },
          GeneralOrSpecialVAT: { LabelCode: special ? '01' : '02', LabelName: special ? '增值税专用发票' : '普通发票' },
        },
      },
      EInvoiceData: {
        SellerInformation: {
          SellerIdNum: doc.seller.taxpayerId, SellerName: doc.seller.name,
          SellerAddr: '', SellerTelNum: '', SellerBankName: '', SellerBankAccNum: '',
        },
        BuyerInformation: {
          BuyerIdNum: doc.buyer.taxpayerId ?? '', BuyerName: doc.buyer.name,
          BuyerAddr: '', BuyerTelNum: '', BuyerBankName: '', BuyerBankAccNum: '',
        },
        BasicInformation: {
          TotalAmWithoutTax: yuan(doc.totals.net),
          TotalTaxAm: yuan(doc.totals.tax),
          'TotalTax-includedAmount': yuan(doc.totals.gross),
          'TotalTax-includedAmountInChinese': doc.capitalAmount,
          Drawer: doc.drawer,
          RequestTime: doc.issueTime,
        },
        IssuItemInformation: doc.lines.map((l) => ({
          ItemName: l.itemName,
          SpecMod: l.specification,
          MeaUnits: l.unit,
          Quantity: l.quantity,
          UnPrice: l.unitPrice,
          Amount: yuan(l.net),
          TaxRate: xmlRate(l.taxRate),
          ComTaxAm: yuan(l.tax),
          TotaltaxIncludedAmount: yuan(l.gross),
          TaxClassificationCode: l.taxClassificationCode,
        })),
        SpecificInformation: doc.reverses ? { RedEInvoice: { OriginalInvoiceCode: doc.reverses.number } } : '',
        AdditionalInformation: { Remark: doc.remarks },
      },
      TaxSupervisionInfo: {
        InvoiceNumber: doc.number,
        IssueTime: doc.issueTime,
        TaxBureauCode: doc.taxBureau.code,
        TaxBureauName: doc.taxBureau.name,
      },
    },
  };
  return `${XML_DECLARATION}${builder.build(tree) as string}`;
}

/** The fields a 数电票 XML states, read back (amounts in fen). */
export interface ParsedInvoiceXml {
  readonly number: string;
  readonly kind: 'BLUE' | 'RED';
  readonly vatType: 'GENERAL' | 'SPECIAL';
  readonly seller: { readonly name: string; readonly taxpayerId: string };
  readonly buyer: { readonly name: string; readonly taxpayerId: string | null };
  readonly totals: { readonly net: Fen; readonly tax: Fen; readonly gross: Fen };
  readonly capitalAmount: string;
  readonly drawer: string;
  readonly requestTime: string;
  readonly lines: readonly {
    readonly itemName: string; readonly specification: string; readonly unit: string; readonly quantity: string;
    readonly unitPrice: string; readonly net: Fen; readonly taxRate: TaxRate; readonly tax: Fen; readonly gross: Fen;
    readonly taxClassificationCode: string;
  }[];
  readonly reversesNumber: string | null;
  readonly remarks: string;
  readonly issueTime: string;
  readonly taxBureau: { readonly code: string; readonly name: string };
}

const parser = new XMLParser({
  parseTagValue: false, parseAttributeValue: false, ignoreAttributes: true, processEntities: true,
  isArray: (name) => name === 'IssuItemInformation',
});

type Node = Record<string, unknown>;

function child(node: unknown, name: string, path: string): Node {
  const value = (node as Node | undefined)?.[name];
  if (typeof value !== 'object' || value === null) throw new DomainError('DOCUMENT.BAD_XML', `missing element ${path}/${name}`, { path: `${path}/${name}` });
  return value as Node;
}

function text(node: Node, name: string, path: string): string {
  const value = node[name];
  if (value === undefined) throw new DomainError('DOCUMENT.BAD_XML', `missing element ${path}/${name}`, { path: `${path}/${name}` });
  if (typeof value !== 'string') throw new DomainError('DOCUMENT.BAD_XML', `${path}/${name} is not text`, { path: `${path}/${name}` });
  return value;
}

/** Parses a 数电票 XML; throws DomainError DOCUMENT.BAD_XML naming the missing or bad element. */
export function parseInvoiceXml(xml: string): ParsedInvoiceXml {
  const root = child(parser.parse(xml) as unknown, 'EInvoice', '');
  const header = child(root, 'Header', '/EInvoice');
  const labels = child(header, 'InherentLabel', '/EInvoice/Header');
  const data = child(root, 'EInvoiceData', '/EInvoice');
  const seller = child(data, 'SellerInformation', '/EInvoice/EInvoiceData');
  const buyer = child(data, 'BuyerInformation', '/EInvoice/EInvoiceData');
  const basic = child(data, 'BasicInformation', '/EInvoice/EInvoiceData');
  const supervision = child(root, 'TaxSupervisionInfo', '/EInvoice');
  const items = (data.IssuItemInformation ?? []) as Node[];
  const specific = data.SpecificInformation;
  const red = typeof specific === 'object' && specific !== null ? (specific as Node).RedEInvoice as Node | undefined : undefined;
  const money = (node: Node, name: string, path: string): Fen => parseYuan(text(node, name, path));
  const P = '/EInvoice/EInvoiceData';
  const buyerId = text(buyer, 'BuyerIdNum', `${P}/BuyerInformation`);
  return {
    number: text(header, 'EIid', '/EInvoice/Header'),
    kind: text(child(labels, 'InIssuType', ''), 'LabelCode', 'InIssuType') === 'Y' ? 'BLUE' : 'RED',
    vatType: text(child(labels, 'GeneralOrSpecialVAT', ''), 'LabelCode', 'GeneralOrSpecialVAT') === '01' ? 'SPECIAL' : 'GENERAL',
    seller: { name: text(seller, 'SellerName', `${P}/SellerInformation`), taxpayerId: text(seller, 'SellerIdNum', `${P}/SellerInformation`) },
    buyer: { name: text(buyer, 'BuyerName', `${P}/BuyerInformation`), taxpayerId: buyerId === '' ? null : buyerId },
    totals: {
      net: money(basic, 'TotalAmWithoutTax', `${P}/BasicInformation`),
      tax: money(basic, 'TotalTaxAm', `${P}/BasicInformation`),
      gross: money(basic, 'TotalTax-includedAmount', `${P}/BasicInformation`),
    },
    capitalAmount: text(basic, 'TotalTax-includedAmountInChinese', `${P}/BasicInformation`),
    drawer: text(basic, 'Drawer', `${P}/BasicInformation`),
    requestTime: text(basic, 'RequestTime', `${P}/BasicInformation`),
    lines: items.map((item, i) => {
      const at = `${P}/IssuItemInformation[${i + 1}]`;
      return {
        itemName: text(item, 'ItemName', at), specification: text(item, 'SpecMod', at), unit: text(item, 'MeaUnits', at),
        quantity: text(item, 'Quantity', at), unitPrice: text(item, 'UnPrice', at), net: money(item, 'Amount', at),
        taxRate: rateFromXml(text(item, 'TaxRate', at)), tax: money(item, 'ComTaxAm', at), gross: money(item, 'TotaltaxIncludedAmount', at),
        taxClassificationCode: text(item, 'TaxClassificationCode', at),
      };
    }),
    reversesNumber: red ? text(red, 'OriginalInvoiceCode', `${P}/SpecificInformation/RedEInvoice`) : null,
    remarks: text(child(data, 'AdditionalInformation', P), 'Remark', `${P}/AdditionalInformation`),
    issueTime: text(supervision, 'IssueTime', '/EInvoice/TaxSupervisionInfo'),
    taxBureau: { code: text(supervision, 'TaxBureauCode', '/EInvoice/TaxSupervisionInfo'), name: text(supervision, 'TaxBureauName', '/EInvoice/TaxSupervisionInfo') },
  };
}
