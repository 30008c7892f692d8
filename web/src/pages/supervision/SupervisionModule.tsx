import { Segmented } from 'antd';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useMe } from '../../auth.js';
import { NotFound } from '../../components/Forbidden.js';
import { useI18n, type MsgKey } from '../../i18n/index.js';
import type { Me } from '../../types.js';
import { RecordDetailPage, RecordsPage } from './RecordsPage.js';
import { RobotsPage } from './RobotsPage.js';
import { TaskDetailPage } from './TaskDetailPage.js';
import { TasksPage } from './TasksPage.js';

const TASK_ROLES = ['platform_admin', 'task_force', 'dept_officer', 'town_officer'];
const RECORD_ROLES = [...TASK_ROLES, 'enterprise_admin'];
const ROBOT_ROLES = ['platform_admin', 'task_force'];

/** Who sees which part of 督办 (the server scopes the data; this only hides empty pages). */
export function supervisionSections(me: Me): { path: string; title: MsgKey }[] {
  return [
    ...(TASK_ROLES.includes(me.role) ? [{ path: 'tasks', title: 'sv.tasks' as const }] : []),
    ...(RECORD_ROLES.includes(me.role) ? [{ path: 'warning-letters', title: 'sv.letters' as const }, { path: 'interviews', title: 'sv.interviews' as const }] : []),
    ...(ROBOT_ROLES.includes(me.role) ? [{ path: 'robots', title: 'sv.robots' as const }] : []),
  ];
}

/** 调度督办 (R5.1): /supervision/tasks, /warning-letters, /interviews (each with /:id) and /robots. */
export function SupervisionModule() {
  const me = useMe();
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const sections = supervisionSections(me);
  const current = location.pathname.split('/')[2] ?? '';
  const first = sections[0]?.path ?? 'warning-letters';
  return (
    <div>
      {sections.length > 1 ? (
        <div style={{ overflowX: 'auto', marginBottom: 16 }}>
          <Segmented<string>
            value={current}
            onChange={(v) => navigate(`/supervision/${v}`)}
            options={sections.map((s) => ({ value: s.path, label: <span data-testid={`sv-nav-${s.path}`}>{t(s.title)}</span> }))}
          />
        </div>
      ) : null}
      <Routes>
        <Route index element={<Navigate to={first} replace />} />
        <Route path="tasks" element={<TasksPage />} />
        <Route path="tasks/:id" element={<TaskDetailPage />} />
        <Route path="warning-letters" element={<RecordsPage kind="warning_letter" />} />
        <Route path="warning-letters/:id" element={<RecordDetailPage kind="warning_letter" />} />
        <Route path="interviews" element={<RecordsPage kind="interview" />} />
        <Route path="interviews/:id" element={<RecordDetailPage kind="interview" />} />
        <Route path="robots" element={<RobotsPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </div>
  );
}
