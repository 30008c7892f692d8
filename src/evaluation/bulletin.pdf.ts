import { createPdf, heading, para, pdfBuffer, table, title } from '../shared/pdf.js';
import { INDICATOR_LABELS, INDICATORS, type EvaluationWeights } from './evaluation.rules.js';
import type { evaluate } from './evaluation.service.js';

type Evaluation = Awaited<ReturnType<typeof evaluate>>;
type Ranked = Evaluation['towns'][number];

const weightText = (w: EvaluationWeights) =>
  INDICATORS.map((i) => {
    const label = INDICATOR_LABELS[i].zh;
    if (i === 'overdue' || i === 'rebounds') return `${label} ${w[i].weight} 分（每条扣 ${w[i].perItem} 分）`;
    return `${label} ${w[i]} 分`;
  }).join('，');

function rankingTable(doc: PDFKit.PDFDocument, units: Ranked[]) {
  table(
    doc,
    ['名次', '单位', '得分', ...INDICATORS.map((i) => INDICATOR_LABELS[i].zh)],
    units.map((u) => [u.rank, u.unit.name, u.score.toFixed(1), ...u.lines.map((l) => (l.applicable ? l.points.toFixed(1) : '—'))]),
    [32, 108, 40, 59, 59, 59, 59, 59],
  );
}

/**
 * The bulletin (通报, R5.3) of an evaluation: how it was scored, the ranking of towns and of
 * departments, commendation of the first and criticism of those below 60 or last.
 */
export async function bulletinPdf(ev: Evaluation, issuer: string, issuedOn: string): Promise<Buffer> {
  const doc = createPdf({ title: `${ev.region.name}燃气安全专项整治督导评估通报` });
  title(doc, `关于${ev.region.name}城镇燃气安全专项整治工作督导评估情况的通报`, `${issuer}　${issuedOn}`);
  para(doc, `根据专项整治督导评估机制，现将 ${ev.period.from} 至 ${ev.period.to}${ev.period.phase ? `（${ev.period.phase.name}阶段）` : ''}各镇街、各有关部门工作情况评估结果通报如下。`);
  heading(doc, '一、评估方法');
  para(doc, `评估满分 100 分：${weightText(ev.weights)}。不适用的指标不计，得分按适用指标折算为百分制。`);
  const sections: [string, Ranked[]][] = [
    ['二、镇街排名', ev.towns],
    ['三、部门排名', ev.departments],
  ];
  for (const [head, units] of sections) {
    if (units.length === 0) continue;
    heading(doc, head);
    rankingTable(doc, units);
  }
  const all = [...ev.towns, ...ev.departments];
  heading(doc, '四、通报情况');
  const best = ev.towns.filter((u) => u.rank <= 3 && u.score >= 80);
  if (best.length) para(doc, `予以通报表扬：${best.map((u) => `${u.unit.name}（${u.score.toFixed(1)} 分）`).join('、')}。`);
  const weak = all.filter((u) => u.score < 60 || (ev.towns.length > 3 && u.unit.type === 'region' && u.rank === ev.towns.length));
  if (weak.length) para(doc, `予以通报批评并限期整改：${weak.map((u) => `${u.unit.name}（${u.score.toFixed(1)} 分）`).join('、')}。`);
  const overdue = all.filter((u) => u.facts.overdue > 0).sort((a, b) => b.facts.overdue - a.facts.overdue);
  if (overdue.length) para(doc, `存在逾期未整改隐患的单位：${overdue.map((u) => `${u.unit.name} ${u.facts.overdue} 条`).join('，')}，请立即督促整改到位。`);
  const lateReports = all.filter((u) => u.facts.reports.due > u.facts.reports.onTime);
  if (lateReports.length) para(doc, `未按时报送进展情况的单位：${lateReports.map((u) => u.unit.name).join('、')}。`);
  if (!best.length && !weak.length && !overdue.length && !lateReports.length) para(doc, '各单位均按要求推进，无通报批评事项。');
  return pdfBuffer(doc);
}
