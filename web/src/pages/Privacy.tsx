import { Alert, Button, Descriptions, Form, Input, Modal, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { api, ok } from '../api/client';
import type { CaseView, EventRow } from '../api/types';
import { useI18n } from '../i18n';
import { ProblemAlert } from '../ui/states';
import { formatTime } from '../lib/labels';

// Need-to-know in the console (issue 12): narratives shown, hidden, destroyed or undecryptable —
// said in words, never as an empty field — and the break-glass read with its required reason.

type Privacy = CaseView['privacy']['narratives'];

/** A narrative as the reader may see it. */
export function Narrative({ text, state }: { text: string | null | undefined; state: Privacy }) {
  const { t } = useI18n();
  if (state === 'full') return <>{text}</>;
  const word = state === 'masked' ? t('hidden') : state === 'destroyed' ? t('destroyed') : t('unavailable');
  return <Typography.Text type="secondary">{word}</Typography.Text>;
}

/** Why parts of the case are not shown: masked for this reader, or destroyed when its retention ended. */
export function PrivacyNotice({ c }: { c: CaseView }) {
  const { t, lang } = useI18n();
  return (
    <>
      {c.shreddedAt && (
        <Alert
          style={{ marginBottom: 8 }}
          type="info"
          showIcon
          data-testid="destroyed"
          title={t('destroyedNotice', { at: formatTime(c.shreddedAt, lang) })}
        />
      )}
      {!c.shreddedAt && c.privacy.narratives === 'masked' && <Alert style={{ marginBottom: 8 }} type="info" showIcon title={t('maskedNotice')} />}
      {c.legalHold && <Alert style={{ marginBottom: 8 }} type="warning" title={t('legalHold', { at: formatTime(c.legalHold.placedAt, lang) })} />}
    </>
  );
}

interface Unmasked {
  case: CaseView;
  events: EventRow[];
}

/** Break-glass: a reason, then the case and its timeline unmasked (the API records the read first). */
export function BreakGlass({ c, timeline }: { c: CaseView; timeline: (events: EventRow[]) => ReactNode }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [shown, setShown] = useState<Unmasked | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  if (c.shreddedAt || (c.privacy.narratives !== 'masked' && c.privacy.subject !== 'masked' && !c.privacy.idNumberMasked)) return null;
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      setShown(await ok<Unmasked>(api.POST('/v1/cases/{id}/unmask', { params: { path: { id: c.id } }, body: { reason } })));
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setOpen(false);
    setShown(null);
    form.resetFields();
  };
  return (
    <>
      <Button danger onClick={() => setOpen(true)} data-testid="break-glass">
        {t('breakGlass')}
      </Button>
      <Modal open={open} title={t('breakGlass')} onCancel={close} footer={null} destroyOnHidden width={720}>
        {shown === null ? (
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
            <Typography.Paragraph>{t('breakGlassHint')}</Typography.Paragraph>
            <Form.Item name="reason" label={t('breakGlassReason')} rules={[{ required: true, whitespace: true, max: 500, message: t('required') }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
            </Form.Item>
            {problem !== null && <ProblemAlert error={problem} />}
            <Button type="primary" danger htmlType="submit" loading={busy}>
              {t('breakGlass')}
            </Button>
          </Form>
        ) : (
          <div data-testid="break-glass-result">
            <Alert type="warning" showIcon title={t('breakGlassShown')} style={{ marginBottom: 8 }} />
            <Descriptions column={1} size="small">
              {shown.case.subject && <Descriptions.Item label={t('subjectName')}>{shown.case.subject.name}</Descriptions.Item>}
              {shown.case.subject && <Descriptions.Item label={t('idNumber')}>{shown.case.subject.idNumber}</Descriptions.Item>}
              <Descriptions.Item label={t('summary')}>{shown.case.summary}</Descriptions.Item>
            </Descriptions>
            {timeline(shown.events)}
            <Button onClick={close}>{t('close')}</Button>
          </div>
        )}
      </Modal>
    </>
  );
}
