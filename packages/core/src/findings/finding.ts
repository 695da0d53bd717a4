/**
 * Findings: what a rule reports.
 */

export const CATEGORIES = ['eligibility', 'duplicate', 'standard', 'payment', 'cadre', 'contract', 'finance', 'statistical'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Names of the categories in Chinese and English. */
export const CATEGORY_NAMES: Readonly<Record<Category, { readonly zh: string; readonly en: string }>> = {
  eligibility: { zh: '身份资格类', en: 'Eligibility' },
  duplicate: { zh: '重复享受类', en: 'Duplicate benefits' },
  standard: { zh: '标准超限类', en: 'Standard violations' },
  payment: { zh: '发放流程类', en: 'Payment process' },
  cadre: { zh: '优亲厚友类', en: 'Cadre favouritism' },
  contract: { zh: '三资合同类', en: 'Collective contracts & assets' },
  finance: { zh: '集体财务类', en: 'Collective finance' },
  statistical: { zh: '统计异常类', en: 'Statistical anomalies' },
};

export interface LocalizedText {
  readonly zh: string;
  readonly en: string;
}

/** A record attached to a finding as proof. */
export interface EvidenceRecord {
  /** The role of the record in the rule (`subject`, `death`, `rows`, …). */
  readonly role: string;
  readonly dataset: string;
  /** The value of the dataset's id field (`payment_id`, `voucher_id`, …), when it has one. */
  readonly id: string | null;
  /** The canonical record (money in fen, as everywhere in the model). */
  readonly record: Readonly<Record<string, string | number | null>>;
}

/**
 * One finding. Field names are snake_case like the data model's. Money inside `evidence`
 * records is integer fen; money in `key` and `message` is yuan with two decimals.
 */
export interface Finding {
  readonly rule: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly key: string;
  readonly department_code: string | null;
  readonly town_code: string | null;
  readonly village_code: string | null;
  readonly id_number: string | null;
  /**
   * The money the finding is about, in integer fen — the payment's amount, a group's total, a
   * contract's value — or `null` where no money is involved (a statistical signal).
   */
  readonly amount: number | null;
  readonly title: LocalizedText;
  readonly message: LocalizedText;
  readonly evidence: readonly EvidenceRecord[];
  /** Stable across runs for the same rule and key: hex SHA-256 of `rule|key`, first 32 characters. */
  readonly fingerprint: string;
  /** Changes when the evidence records change (hex SHA-256 of the evidence, first 32 characters). */
  readonly evidence_hash: string;
}
