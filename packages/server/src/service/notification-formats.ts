/**
 * What a notice says and how each receiver wants it: plain JSON, the robot webhooks of WeCom
 * (企业微信: `{msgtype: "markdown", markdown: {content}}`), DingTalk (钉钉: `{msgtype:
 * "markdown", markdown: {title, text}}`) and Feishu (飞书: `{msg_type: "post", content: {post:
 * {zh_cn: {title, content}}}}`), and e-mail (subject and text). Chinese text, with a link back to
 * the alert.
 */
import type { AlertRow } from '../store/rows.js';

export const NOTIFY_FORMATS = ['json', 'wecom', 'dingtalk', 'feishu', 'email'] as const;
export type NotifyFormat = (typeof NOTIFY_FORMATS)[number];

export type NoticeEvent = 'push' | 'transfer' | 'escalate';

const EVENT_ZH: Readonly<Record<NoticeEvent, string>> = {
  push: '新预警推送',
  transfer: '预警转交本部门',
  escalate: '预警超期未核实，已移交纪委监委',
};

const SEVERITY_ZH: Readonly<Record<string, string>> = { high: '高', medium: '中', low: '低' };

/** The facts of a notice, as the JSON format sends them. */
export interface NoticeFacts {
  readonly event: NoticeEvent;
  readonly id: string;
  readonly seq: number;
  readonly rule: string;
  readonly title: { readonly zh: string; readonly en: string };
  readonly department: string | null;
  readonly town: string | null;
  readonly village: string | null;
  readonly severity: string;
  /** Integer fen, or null. */
  readonly amount: number | null;
  readonly state: string;
  readonly link: string;
}

export function noticeFacts(a: AlertRow, event: NoticeEvent, linkBase: string): NoticeFacts {
  return {
    event,
    id: a.id,
    seq: a.seq,
    rule: a.rule,
    title: { zh: a.title_zh, en: a.title_en },
    department: a.department_code,
    town: a.town_code,
    village: a.village_code,
    severity: a.severity,
    amount: a.amount,
    state: a.state,
    link: `${linkBase.replace(/\/+$/, '')}/#/alerts/${a.id}`,
  };
}

function lines(f: NoticeFacts): string[] {
  return [
    `预警编号：#${f.seq}`,
    `比对模型：${f.rule}`,
    `责任部门：${f.department ?? '—'}`,
    `乡镇：${f.town ?? '—'}，村：${f.village ?? '—'}`,
    `风险等级：${SEVERITY_ZH[f.severity] ?? f.severity}`,
    `涉及金额：${f.amount === null ? '—' : `${(f.amount / 100).toFixed(2)} 元`}`,
  ];
}

export function noticeTitle(f: NoticeFacts): string {
  return `【阳光监督】${EVENT_ZH[f.event]}：${f.title.zh}`;
}

/** The body for a format: JSON text (for `email`, JSON of `{subject, text}`). */
export function noticeBody(f: NoticeFacts, format: NotifyFormat): string {
  const title = noticeTitle(f);
  switch (format) {
    case 'json':
      return JSON.stringify(f);
    case 'wecom':
      return JSON.stringify({ msgtype: 'markdown', markdown: { content: `**${title}**\n${lines(f).map((l) => `> ${l}`).join('\n')}\n[查看预警](${f.link})` } });
    case 'dingtalk':
      return JSON.stringify({ msgtype: 'markdown', markdown: { title, text: `### ${title}\n\n${lines(f).map((l) => `- ${l}`).join('\n')}\n\n[查看预警](${f.link})` } });
    case 'feishu':
      return JSON.stringify({
        msg_type: 'post',
        content: { post: { zh_cn: { title, content: [...lines(f).map((l) => [{ tag: 'text', text: l }]), [{ tag: 'a', text: '查看预警', href: f.link }]] } } },
      });
    case 'email':
      return JSON.stringify({ subject: title, text: `${title}\n\n${lines(f).join('\n')}\n\n查看预警：${f.link}\n` });
  }
}
