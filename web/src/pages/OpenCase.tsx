import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiProblem, raw } from '../api/client';
import { useDivision } from '../api/queries';
import type { CaseView } from '../api/types';
import { KINDS_BY_FAMILY, useI18n } from '../i18n';
import { checkIdNumber, chinaToday } from '../lib/id-number';
import { fieldErrors } from '../lib/form-errors';
import { getSession } from '../session';
import { ProblemAlert } from '../ui/states';

type Family = keyof typeof KINDS_BY_FAMILY;
interface Values {
  family: Family;
  kind: string;
  name: string;
  idNumber: string;
  addressDivision?: string;
  risk?: string;
  summary: string;
  household?: { name: string; relation: string; idNumber?: string }[];
}

const ID_ERRORS: Record<string, { zh: string; en: string }> = {
  LENGTH: { zh: '应为 18 位', en: 'must be 18 characters' },
  FORMAT: { zh: '前 17 位应为数字，末位为数字或 X', en: '17 digits and a digit or X' },
  CHECKSUM: { zh: '校验码不正确（GB 11643）', en: 'check character is wrong (GB 11643)' },
  BIRTH_DATE_INVALID: { zh: '出生日期不存在', en: 'the birth date does not exist' },
  BIRTH_DATE_IN_FUTURE: { zh: '出生日期在未来', en: 'the birth date is in the future' },
};

const newKey = () => `console-${crypto.randomUUID()}`;

export default function OpenCase() {
  const { t, label, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = getSession()!;
  const unit = useDivision(session.principal.division);
  // One Idempotency-Key per form: a double click or a retry after a lost answer opens one case.
  const key = useRef(newKey());
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const family = Form.useWatch('family', form) ?? 'minor_protection';
  const idNumber = Form.useWatch('idNumber', form) ?? '';
  const idCheck = useMemo(() => (idNumber.trim().length > 0 ? checkIdNumber(idNumber, chinaToday()) : null), [idNumber]);

  const submit = async (v: Values) => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    const body = {
      kind: v.kind,
      subject: {
        name: v.name.trim(),
        idNumber: v.idNumber.trim().toUpperCase(),
        ...(v.addressDivision ? { addressDivision: v.addressDivision } : {}),
        ...(family === 'hardship' && v.household?.length ? { household: v.household.map((m) => ({ ...m, idNumber: m.idNumber || undefined })) } : {}),
      },
      ...(family === 'minor_protection' && v.risk ? { risk: v.risk } : {}),
      summary: v.summary.trim(),
    };
    try {
      const res = await raw('/v1/cases', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key.current },
        body: JSON.stringify(body),
      });
      const created = (await res.json()) as CaseView | { id: string; status: 'opening' };
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      navigate(`/cases/${created.id}`, { state: { opening: res.status === 202 } });
    } catch (e) {
      // A 4xx changed nothing: the next attempt (with other input) gets a fresh key.
      if (e instanceof ApiProblem && e.status >= 400 && e.status < 500) key.current = newKey();
      setProblem(e);
      if (e instanceof ApiProblem) form.setFields(fieldErrors(e.problem, MAP_FIELD) as never);
    } finally {
      setBusy(false);
    }
  };

  const idHelp =
    idCheck === null ? undefined : idCheck.ok ? (
      <span data-testid="id-derived">{t('idLive', { b: idCheck.birthDate, s: t(idCheck.sex) })}</span>
    ) : (
      ID_ERRORS[idCheck.error][lang]
    );

  return (
    <section aria-labelledby="open-title" style={{ maxWidth: 720 }}>
      <Typography.Title level={1} id="open-title" style={{ fontSize: 20 }}>
        {t('openCase')}
      </Typography.Title>
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ family: 'minor_protection', kind: 'left_behind' }}
          scrollToFirstError
        >
          <Form.Item name="family" label={t('family')}>
            <Radio.Group
              optionType="button"
              onChange={(e) => form.setFieldValue('kind', KINDS_BY_FAMILY[e.target.value as Family][0])}
              options={(['minor_protection', 'hardship'] as const).map((f) => ({ value: f, label: label('family', f) }))}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('kind')} rules={[{ required: true, message: t('required') }]}>
            <Select aria-label={t('kind')} options={KINDS_BY_FAMILY[family].map((k) => ({ value: k, label: label('kind', k) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('subjectName')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 50 }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('idNumber')}
            validateStatus={idCheck === null ? undefined : idCheck.ok ? 'success' : 'error'}
            help={idHelp}
            rules={[
              { required: true, message: t('required') },
              {
                validator: (_, value: string) => {
                  const c = checkIdNumber(value ?? '', chinaToday());
                  return c.ok ? Promise.resolve() : Promise.reject(new Error(ID_ERRORS[c.error][lang]));
                },
              },
            ]}
          >
            <Input autoComplete="off" maxLength={18} inputMode="text" spellCheck={false} />
          </Form.Item>
          <Form.Item name="addressDivision" label={t('addressDivision')}>
            <Select
              aria-label={t('addressDivision')}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={unit.isLoading}
              options={
                unit.data
                  ? [{ value: unit.data.code, label: unit.data.name }, ...unit.data.children.map((c) => ({ value: c.code, label: c.name }))]
                  : []
              }
            />
          </Form.Item>
          {family === 'minor_protection' && (
            <Form.Item name="risk" label={t('risk')}>
              <Select
                aria-label={t('risk')}
                allowClear
                options={['low', 'medium', 'high', 'critical'].map((r) => ({ value: r, label: label('risk', r) }))}
              />
            </Form.Item>
          )}
          {family === 'hardship' && (
            <Form.List name="household">
              {(fields, { add, remove }) => (
                <fieldset style={{ border: '1px solid #eee', padding: 8, marginBottom: 16 }}>
                  <legend>{t('household')}</legend>
                  {fields.map((f) => (
                    <Space key={f.key} wrap align="start">
                      <Form.Item name={[f.name, 'name']} label={t('subjectName')} rules={[{ required: true, message: t('required') }]}>
                        <Input autoComplete="off" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'relation']} label={t('relation')} rules={[{ required: true, message: t('required') }]}>
                        <Input autoComplete="off" style={{ width: 100 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'idNumber']} label={t('idNumber')}>
                        <Input autoComplete="off" maxLength={18} />
                      </Form.Item>
                      <Button onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                        ✕
                      </Button>
                    </Space>
                  ))}
                  <Button onClick={() => add()}>{t('addMember')}</Button>
                </fieldset>
              )}
            </Form.List>
          )}
          <Form.Item name="summary" label={t('summary')} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 2000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          {problem !== null && <ProblemAlert error={problem} />}
          {busy && <Alert type="info" title={t('opening')} style={{ marginBottom: 8 }} />}
          <Button type="primary" htmlType="submit" loading={busy} disabled={busy} style={{ marginTop: 8 }}>
            {t('submit')}
          </Button>
        </Form>
      </Card>
    </section>
  );
}

/** API field paths → form field names. */
const MAP_FIELD: Record<string, (string | number)[]> = {
  kind: ['kind'],
  summary: ['summary'],
  risk: ['risk'],
  'subject.name': ['name'],
  'subject.idNumber': ['idNumber'],
  'subject.addressDivision': ['addressDivision'],
  division: ['addressDivision'],
};
