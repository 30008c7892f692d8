/**
 * Public reports (举报, R8.1) as pure rules: the short list of topics a reporter picks from and how
 * each maps onto the matrix (hazard category + task kind) for routing; a keyword map when no topic
 * was picked; tracking codes; the arithmetic challenge; what the reporter may see of the outcome.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { HazardCategory, TaskKind } from '../departments/taxonomy.js';

export const TOPICS = ['illegal_gas', 'cylinder', 'venue_use', 'pipeline', 'appliance', 'delivery', 'other'] as const;
export type Topic = (typeof TOPICS)[number];

export const TOPIC_ROUTES: Record<Topic, { category: HazardCategory; taskKind: TaskKind; label: { zh: string; en: string } }> = {
  illegal_gas: { category: 'problem_gas', taskKind: 'illegal_gas', label: { zh: '黑气、非法经营、非法充装', en: 'Illegal gas, unlicensed selling or filling' } },
  cylinder: { category: 'problem_cylinder', taskKind: 'cylinder_product', label: { zh: '问题气瓶（过期、翻新、无码）', en: 'Problem cylinders (overdue, refurbished, uncoded)' } },
  venue_use: { category: 'problem_environment', taskKind: 'catering', label: { zh: '餐饮等场所违规用气', en: 'Unsafe gas use at a restaurant or venue' } },
  pipeline: { category: 'problem_pipeline', taskKind: 'pipeline', label: { zh: '燃气管道泄漏、占压、施工破坏', en: 'Pipeline leak, occupation or third-party damage' } },
  appliance: { category: 'problem_valve', taskKind: 'cylinder_product', label: { zh: '问题阀门、软管、灶具及报警器', en: 'Problem valves, hoses, stoves, detectors' } },
  delivery: { category: 'management', taskKind: 'gas_enterprise', label: { zh: '送气工、配送车辆违规', en: 'Delivery worker or vehicle breaking the rules' } },
  other: { category: 'problem_environment', taskKind: 'catering', label: { zh: '其他燃气安全问题', en: 'Other gas-safety problem' } },
};

/** Words that point at a topic when the reporter did not pick one; the first match wins. */
const KEYWORDS: [Topic, RegExp][] = [
  ['illegal_gas', /黑气|黑窝点|非法(经营|充装|储存|销售)|无证|私灌|倒灌|二甲醚/],
  ['pipeline', /管道|管线|占压|挖断|施工|燃气泄漏|漏气|闻到.*(味|臭)/],
  ['cylinder', /气瓶|钢瓶|煤气罐|液化气罐|过期瓶|翻新/],
  ['delivery', /送气|配送|送气工|三轮车|运输车/],
  ['appliance', /软管|阀门|调压|灶具|报警器|切断阀|三通/],
  ['venue_use', /餐馆|饭店|火锅|餐厅|食堂|地下室|后厨|酒店|学校|医院/],
];

/** The topic and its routing: the reporter's pick, else the keyword map, else venue use (problem_environment / catering). */
export function classifyReport(picked: Topic | null | undefined, text: string): { topic: Topic; category: HazardCategory; taskKind: TaskKind } {
  const topic = picked ?? KEYWORDS.find(([, re]) => re.test(text))?.[0] ?? 'venue_use';
  const r = TOPIC_ROUTES[topic];
  return { topic, category: r.category, taskKind: r.taskKind };
}

/** Crockford base32 without I, L, O, U: easy to read out on the phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A tracking code: "JB" + 16 random characters (80 bits), not guessable. */
export function newTrackingCode(bytes: Buffer = randomBytes(10)): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `JB${out}`;
}

export const TRACKING_CODE = /^JB[0-9A-HJKMNP-TV-Z]{16}$/;

/** Accept lower case and the usual confusions (O→0, I/L→1) when a reporter types the code. */
export function normaliseTrackingCode(raw: string): string {
  return raw.trim().toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** An arithmetic question a person answers at a glance and a script must at least parse. */
export function newChallenge(rand: (max: number) => number = randomInt): { question: string; answer: number } {
  const op = rand(3);
  if (op === 0) {
    const a = 2 + rand(18);
    const b = 2 + rand(18);
    return { question: `${a} + ${b} = ?`, answer: a + b };
  }
  if (op === 1) {
    const a = 10 + rand(20);
    const b = 1 + rand(9);
    return { question: `${a} − ${b} = ?`, answer: a - b };
  }
  const a = 2 + rand(8);
  const b = 2 + rand(8);
  return { question: `${a} × ${b} = ?`, answer: a * b };
}

export const REPORT_STATUSES = ['received', 'handling', 'substantiated', 'unsubstantiated'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const STATUS_LABELS: Record<ReportStatus, { zh: string; en: string }> = {
  received: { zh: '已受理', en: 'Received' },
  handling: { zh: '核查中', en: 'Being checked' },
  substantiated: { zh: '经核查属实', en: 'Found true' },
  unsubstantiated: { zh: '经核查不实', en: 'Not substantiated' },
};

export const DEFAULT_OUTCOME: Record<'substantiated' | 'unsubstantiated', string> = {
  substantiated: '经核查，举报情况属实，已责令限期整改。感谢您的监督。',
  unsubstantiated: '经核查，未发现举报所述问题。感谢您的监督。',
};

/** Where the hazard raised from a report stands, in the words the reporter sees. */
export function rectificationText(hazardState: string | null): { zh: string; en: string } | null {
  if (!hazardState) return null;
  if (hazardState === 'closed') return { zh: '问题已整改完毕', en: 'The problem has been fixed' };
  if (hazardState === 'voided') return null;
  return { zh: '正在督促整改', en: 'Rectification in progress' };
}
