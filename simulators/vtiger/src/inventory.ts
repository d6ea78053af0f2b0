/**
 * Inventory (Invoice) line items and the totals the server recomputes on every save with lines
 * (VtigerInventoryOperation as observed on 8.2.0, including its float noise and quirks).
 */
import type { LineItem, SimState, StoredRecord, StoredValues } from './sim-state.js';
import { fixed, phpFloat } from './values.js';

const TAX_KEYS = ['tax1', 'tax2', 'tax3'] as const;

export interface InventoryTotals {
  netTotal: number;
  subTotal: number;
  discount: number;
  groupTax: number;
  shipping: number;
  shippingTax: number;
  preTaxTotal: number;
  grandTotal: number;
}

function isSent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function productOf(state: SimState, wsId: string): StoredRecord | undefined {
  const crmid = Number(wsId.split('x')[1]);
  return state.records.get(crmid);
}

/** Builds stored lines from the LineItems a client sent; ids continue from `firstLineId`. */
export function buildLines(
  state: SimState,
  inputs: Record<string, unknown>[],
  taxType: string,
  firstLineId: number,
): LineItem[] {
  return inputs.map((input, index) => {
    const productId = String(input.productid ?? '');
    const product = productOf(state, productId);
    const listprice = isSent(input.listprice)
      ? phpFloat(input.listprice)
      : phpFloat(product?.values.unit_price);
    const values: StoredValues = {
      productid: productId,
      sequence_no: String(index + 1),
      quantity: fixed(phpFloat(input.quantity), 3),
      listprice: fixed(listprice, 8),
      discount_percent: fixed(phpFloat(input.discount_percent), 3),
      discount_amount: fixed(phpFloat(input.discount_amount), 8),
      comment: String(input.comment ?? ''),
      description: String(input.description ?? ''),
      incrementondel: '1',
    };
    for (const key of TAX_KEYS) {
      // In individual mode a line without its own % takes the product's; otherwise it stores what was sent.
      const own = isSent(input[key]) ? phpFloat(input[key]) : undefined;
      const fromProduct = taxType === 'individual' ? product?.taxes[key] : undefined;
      values[key] = fixed(own ?? phpFloat(fromProduct), 3);
    }
    values.image = '';
    values.purchase_cost = fixed(phpFloat(product?.values.purchase_cost), 8);
    values.margin = fixed(0, 8);
    return { lineId: firstLineId + index, sequence: index + 1, values };
  });
}

function lineNet(line: LineItem): number {
  const gross = phpFloat(line.values.quantity) * phpFloat(line.values.listprice);
  const pct = phpFloat(line.values.discount_percent);
  if (pct) return gross - (gross * pct) / 100;
  return gross - phpFloat(line.values.discount_amount);
}

function lineTax(state: SimState, line: LineItem): number {
  const product = productOf(state, line.values.productid ?? '');
  const net = lineNet(line);
  let tax = 0;
  // A line % only applies for taxes enabled on the product (observed: 2x50 with tax1 20 on a product without tax1 = 100).
  for (const key of TAX_KEYS)
    if (product?.taxes[key] !== undefined) tax += (net * phpFloat(line.values[key])) / 100;
  return tax;
}

export function computeTotals(
  state: SimState,
  lines: LineItem[],
  header: StoredValues,
  charges: StoredRecord['charges'],
): InventoryTotals {
  const individual = header.hdnTaxType === 'individual';
  const netTotal = lines.reduce((sum, l) => sum + lineNet(l), 0);
  const subTotal = individual ? lines.reduce((sum, l) => sum + lineNet(l) + lineTax(state, l), 0) : netTotal;
  const pct = phpFloat(header.hdnDiscountPercent);
  const discount = pct ? (subTotal * pct) / 100 : phpFloat(header.hdnDiscountAmount);
  let groupTax = 0;
  const first = lines[0];
  if (!individual && first) {
    // Group mode (and an unset tax type) applies the FIRST line's percentages to the whole invoice.
    for (const key of TAX_KEYS) groupTax += ((subTotal - discount) * phpFloat(first.values[key])) / 100;
  }
  const shipping = phpFloat(charges.shipping ?? header.hdnS_H_Amount);
  let shippingTax = 0;
  // Same operand order as the server, so the float noise matches (125.44999999999999, observed).
  for (const pctText of Object.values(charges.shTaxes)) shippingTax += (phpFloat(pctText) / 100) * shipping;
  const adjustment = phpFloat(header.txtAdjustment);
  const preTaxTotal = netTotal - discount + shipping;
  const grandTotal = subTotal - discount + groupTax + shipping + shippingTax + adjustment;
  return { netTotal, subTotal, discount, groupTax, shipping, shippingTax, preTaxTotal, grandTotal };
}

/** Writes the recomputed totals into the header, as the save does. */
export function applyTotals(header: StoredValues, totals: InventoryTotals): void {
  header.hdnSubTotal = fixed(totals.subTotal, 8);
  header.pre_tax_total = fixed(totals.preTaxTotal, 8);
  header.hdnGrandTotal = fixed(totals.grandTotal, 8);
  header.hdnS_H_Amount = fixed(totals.shipping, 8);
  // hdnS_H_Percent holds the shipping amount, not a percent (observed).
  header.hdnS_H_Percent = fixed(totals.shipping, 8);
}

/** Stock moves with invoice lines: create deducts, delete gives back, a line replace double-books (observed). */
export function adjustStock(state: SimState, lines: LineItem[], sign: 1 | -1, times = 1): void {
  for (const line of lines) {
    const product = productOf(state, line.values.productid ?? '');
    if (!product || product.module !== 'Products') continue;
    const qty = phpFloat(line.values.quantity) * sign * times;
    product.values.qtyinstock = fixed(phpFloat(product.values.qtyinstock) + qty, 3);
  }
}

function taxSummary(
  state: SimState,
  percentages: (n: number) => string | number,
  amounts: (n: number) => string,
) {
  return Object.fromEntries(
    state.taxes.map((t, i) => [
      String(t.id),
      {
        taxname: t.taxname,
        taxlabel: t.taxlabel,
        percentage: percentages(i),
        amount: amounts(i),
        taxid: String(t.id),
        type: 'Fixed',
        method: 'Simple',
        regions: [],
        compoundon: [],
      },
    ]),
  );
}

/**
 * The UI-style LineItems_FinalDetails block. Create/revise answer it with zero amounts (the server
 * builds it before the totals are saved); retrieve fills it in.
 */
export function finalDetails(
  state: SimState,
  record: StoredRecord,
  totals: InventoryTotals | null,
): Record<string, unknown> {
  const h = record.values;
  const money = (n: number) => fixed(totals ? n : 0, 2);
  const pct = phpFloat(h.hdnDiscountPercent);
  const amt = phpFloat(h.hdnDiscountAmount);
  const discountType = pct ? 'percentage' : amt ? 'amount' : 'zero';
  const shTaxes = state.taxes.map((t, i) => {
    const p = phpFloat(record.charges.shTaxes[`shtax${i + 1}`]);
    return {
      taxname: `shtax${i + 1}`,
      taxlabel: t.taxlabel,
      percentage: p,
      amount: ((totals?.shipping ?? phpFloat(record.charges.shipping)) * p) / 100,
      taxid: String(t.id),
      type: 'Fixed',
      method: 'Simple',
      regions: [],
      compoundon: [],
    };
  });
  const base = totals ? totals.subTotal - totals.discount : 0;
  const final = {
    taxtype: h.hdnTaxType || null,
    discount_type_final: discountType,
    hdnSubTotal: money(totals?.subTotal ?? 0),
    discount_percentage_final: pct ? fixed(pct, 3) : 0,
    discount_amount_final: fixed(amt, 2),
    discountTotal_final: money(totals?.discount ?? 0),
    taxes: taxSummary(
      state,
      (i) => (h.hdnTaxType === 'individual' ? (state.taxes[i]?.percentage ?? 0) : 0),
      (i) => fixed(totals ? (base * phpFloat(state.taxes[i]?.percentage)) / 100 : 0, 2),
    ),
    tax_totalamount: money(totals?.groupTax ?? 0),
    shipping_handling_charge: fixed(phpFloat(record.charges.shipping ?? h.hdnS_H_Amount), 2),
    sh_taxes: shTaxes,
    shtax_totalamount: fixed(
      shTaxes.reduce((s, t) => s + t.amount, 0),
      2,
    ),
    adjustment: fixed(phpFloat(h.txtAdjustment), 2),
    grandTotal: money(totals?.grandTotal ?? 0),
    preTaxTotal: money(totals ? totals.netTotal - totals.discount : 0),
    totalAfterDiscount: money(base),
    chargesAndItsTaxes: {
      '1': {
        value: record.charges.shipping,
        taxes: Object.keys(record.charges.shTaxes).length
          ? Object.fromEntries(
              Object.entries(record.charges.shTaxes).map(([k, v]) => [k.replace('shtax', ''), v]),
            )
          : { '1': 0, '2': 0, '3': 0 },
      },
    },
    deductTaxes: [],
    deductTaxesTotalAmount: '0.00',
  };
  if (!totals) return { '1': { final_details: final, netPrice1: '0.00' } };
  const out: Record<string, unknown> = {};
  record.lines.forEach((line, i) => {
    const n = i + 1;
    const product = productOf(state, line.values.productid ?? '');
    const net = lineNet(line);
    const tax = h.hdnTaxType === 'individual' ? lineTax(state, line) : 0;
    out[String(n)] = {
      [`purchaseCost${n}`]: fixed(phpFloat(line.values.purchase_cost), 2),
      [`margin${n}`]: fixed(phpFloat(line.values.margin), 2),
      [`productDeleted${n}`]: product?.deleted ?? true,
      [`entityType${n}`]: product?.module ?? '',
      [`hdnProductId${n}`]: String(product?.crmid ?? ''),
      [`productName${n}`]:
        product?.values[product.module === 'Services' ? 'servicename' : 'productname'] ?? '',
      [`hdnProductcode${n}`]:
        product?.values[product.module === 'Services' ? 'service_no' : 'product_no'] ?? '',
      [`productDescription${n}`]: line.values.description,
      [`comment${n}`]: line.values.comment,
      [`qtyInStock${n}`]: String(phpFloat(product?.values.qtyinstock)),
      [`qty${n}`]: String(phpFloat(line.values.quantity)),
      [`listPrice${n}`]: fixed(phpFloat(line.values.listprice), 2),
      [`unitPrice${n}`]: fixed(phpFloat(product?.values.unit_price), 2),
      [`productTotal${n}`]: fixed(phpFloat(line.values.quantity) * phpFloat(line.values.listprice), 2),
      [`discountTotal${n}`]: fixed(phpFloat(line.values.quantity) * phpFloat(line.values.listprice) - net, 2),
      [`totalAfterDiscount${n}`]: fixed(net, 2),
      [`taxTotal${n}`]: fixed(tax, 2),
      [`netPrice${n}`]: fixed(net + tax, 2),
      ...(n === 1 ? { final_details: final } : {}),
    };
  });
  return out;
}

/** A line as retrieve/create print it (parent_id is the server's "7xArray" bug). */
export function printLine(
  state: SimState,
  line: LineItem,
  parentWsId: string | null,
): Record<string, unknown> {
  const product = productOf(state, line.values.productid ?? '');
  const { productid, ...rest } = line.values;
  const head: Record<string, unknown> = { parent_id: parentWsId ?? '7xArray', productid, ...rest };
  if (parentWsId !== null) {
    // A LineItem query answers the right parent_id, with id placed before the tax columns.
    const { tax1, tax2, tax3, image, purchase_cost, margin, ...before } = head;
    return { ...before, id: `33x${line.lineId}`, tax1, tax2, tax3, image, purchase_cost, margin };
  }
  return {
    ...head,
    id: `33x${line.lineId}`,
    product_name: product?.values[product.module === 'Services' ? 'servicename' : 'productname'] ?? '',
    entity_type: product?.module ?? '',
    deleted: '0',
  };
}
