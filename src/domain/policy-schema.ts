import { isCalendarDate } from './calendar';
import { isDivisionCode } from './divisions';
import { checkLawBounds, checkOverrides } from './jurisdiction';
import type { DecisionRule, Policy } from './policy';
import { DURATION_UNITS } from './policy';
import { CASE_KINDS, LEVELS, PEOPLE_ROLES, RISKS } from './types';

// Hand-written validation of a policy document as admins publish it: every problem is reported
// with the path of the field at fault (`kinds.dibao.steps.township.sla.unit`), all at once.

export interface PolicyError {
  path: string;
  message: string;
}

export type PolicyValidation = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

type Json = Record<string, unknown>;

class Checker {
  readonly errors: PolicyError[] = [];

  fail(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  object(value: unknown, path: string): Json | null {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    this.fail(path, 'must be an object');
    return null;
  }

  string(value: unknown, path: string): void {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, 'must be a non-empty string');
  }

  boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.fail(path, 'must be true or false');
  }

  positiveNumber(value: unknown, path: string): void {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) this.fail(path, 'must be a number > 0');
  }

  oneOf(value: unknown, allowed: readonly string[], path: string): void {
    if (typeof value !== 'string' || !allowed.includes(value)) this.fail(path, `must be one of ${allowed.join(', ')}`);
  }

  array(value: unknown, path: string): unknown[] | null {
    if (Array.isArray(value)) return value as unknown[];
    this.fail(path, 'must be an array');
    return null;
  }

  levels(value: unknown, path: string): void {
    const list = this.array(value, path);
    if (list === null) return;
    if (list.length === 0) this.fail(path, 'must name at least one level');
    list.forEach((l, i) => this.oneOf(l, LEVELS, `${path}[${i}]`));
  }

  duration(value: unknown, path: string): void {
    const d = this.object(value, path);
    if (d === null) return;
    this.oneOf(d.unit, DURATION_UNITS, `${path}.unit`);
    const amount = d.amount;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0) {
      this.fail(`${path}.amount`, 'must be a whole number ≥ 0');
    }
  }

  step(value: unknown, path: string, allowRemainder: boolean): void {
    const s = this.object(value, path);
    if (s === null) return;
    this.string(s.name, `${path}.name`);
    const sla = this.object(s.sla, `${path}.sla`);
    if (sla !== null) {
      if ('remainderOfProcedure' in sla) {
        if (sla.remainderOfProcedure !== true) this.fail(`${path}.sla.remainderOfProcedure`, 'must be true');
        else if (!allowRemainder) this.fail(`${path}.sla`, 'the remainder of the procedure needs kinds.<kind>.procedure');
      } else this.duration(sla, `${path}.sla`);
    }
    this.boolean(s.escalateOnBreach, `${path}.escalateOnBreach`);
    if (s.recurring !== undefined) this.boolean(s.recurring, `${path}.recurring`);
    if (s.withinProcedure !== undefined) this.boolean(s.withinProcedure, `${path}.withinProcedure`);
    if (s.riskOverrides !== undefined) {
      this.array(s.riskOverrides, `${path}.riskOverrides`)?.forEach((o, i) => {
        const override = this.object(o, `${path}.riskOverrides[${i}]`);
        if (override === null) return;
        this.oneOf(override.riskAtLeast, RISKS, `${path}.riskOverrides[${i}].riskAtLeast`);
        this.duration(override.sla, `${path}.riskOverrides[${i}].sla`);
      });
    }
    if (s.next !== undefined) this.step(s.next, `${path}.next`, allowRemainder);
  }

  decision(value: unknown, path: string): void {
    const d = this.object(value, path);
    if (d === null) return;
    const by = d.by as DecisionRule['by'];
    switch (by) {
      case 'levels':
        this.levels(d.levels, `${path}.levels`);
        return;
      case 'delegation':
        this.oneOf(d.level, LEVELS, `${path}.level`);
        this.oneOf(d.delegatedLevel, LEVELS, `${path}.delegatedLevel`);
        this.boolean(d.delegatedConfirmationToTownship, `${path}.delegatedConfirmationToTownship`);
        return;
      case 'amount':
        this.positiveNumber(d.multipleOfDibaoLine, `${path}.multipleOfDibaoLine`);
        this.levels(d.upToThreshold, `${path}.upToThreshold`);
        this.levels(d.above, `${path}.above`);
        return;
      default:
        this.fail(`${path}.by`, 'must be one of levels, delegation, amount');
    }
  }

  review(value: unknown, path: string): void {
    if (value === null) return;
    const r = this.object(value, path);
    if (r === null) return;
    this.duration(r.interval, `${path}.interval`);
    this.array(r.shorterIntervals, `${path}.shorterIntervals`)?.forEach((entry, i) => {
      const at = `${path}.shorterIntervals[${i}]`;
      const e = this.object(entry, at);
      if (e === null) return;
      const when = this.object(e.when, `${at}.when`);
      if (when !== null) {
        if ('volatileIncome' in when) {
          if (when.volatileIncome !== true) this.fail(`${at}.when.volatileIncome`, 'must be true');
          if (when.memberAbleToWork !== undefined && when.memberAbleToWork !== true) this.fail(`${at}.when.memberAbleToWork`, 'must be true');
        } else if ('riskAtLeast' in when) this.oneOf(when.riskAtLeast, RISKS, `${at}.when.riskAtLeast`);
        else this.fail(`${at}.when`, 'must be { volatileIncome: true } or { riskAtLeast: <risk> }');
      }
      this.duration(e.interval, `${at}.interval`);
    });
    this.step(r.step, `${path}.step`, false);
    if (r.satisfiedBy !== undefined) {
      const kinds = this.array(r.satisfiedBy, `${path}.satisfiedBy`);
      kinds?.forEach((k, i) => this.oneOf(k, ['visit', 'review'], `${path}.satisfiedBy[${i}]`));
      if (kinds?.length === 0) this.fail(`${path}.satisfiedBy`, 'must name at least one follow-up kind');
    }
  }

  kind(value: unknown, path: string): void {
    const k = this.object(value, path);
    if (k === null) return;
    this.decision(k.decision, `${path}.decision`);
    this.boolean(k.ongoingSupport, `${path}.ongoingSupport`);
    if (k.procedure !== null) this.duration(k.procedure, `${path}.procedure`);
    const steps = this.object(k.steps, `${path}.steps`);
    if (steps !== null) {
      for (const [level, step] of Object.entries(steps)) {
        if (!(LEVELS as readonly string[]).includes(level)) this.fail(`${path}.steps.${level}`, `unknown level; use ${LEVELS.join(', ')}`);
        else this.step(step, `${path}.steps.${level}`, k.procedure !== null && k.procedure !== undefined);
      }
    }
    if (k.review === undefined) this.fail(`${path}.review`, 'must be a review rule or null');
    else this.review(k.review, `${path}.review`);
    this.boolean(k.closureRequiresApproval, `${path}.closureRequiresApproval`);
    if (k.publicNotice === undefined) this.fail(`${path}.publicNotice`, 'must be { level, period } or null');
    else if (k.publicNotice !== null) this.notice(k.publicNotice, `${path}.publicNotice`);
    if (k.terminationNotice !== undefined) this.notice(k.terminationNotice, `${path}.terminationNotice`);
    if (k.delegatedProcedure !== undefined) this.duration(k.delegatedProcedure, `${path}.delegatedProcedure`);
    if (k.procedureExtension !== undefined) {
      const ext = this.object(k.procedureExtension, `${path}.procedureExtension`);
      if (ext !== null) {
        this.duration(ext.upTo, `${path}.procedureExtension.upTo`);
        const grounds = this.array(ext.grounds, `${path}.procedureExtension.grounds`);
        grounds?.forEach((g, i) => this.string(g, `${path}.procedureExtension.grounds[${i}]`));
        if (grounds?.length === 0) this.fail(`${path}.procedureExtension.grounds`, 'must name at least one ground');
      }
    }
    if (k.refusalNotice !== undefined) this.step(k.refusalNotice, `${path}.refusalNotice`, false);
    if (k.reassessment !== undefined) this.step(k.reassessment, `${path}.reassessment`, false);
  }

  notice(value: unknown, path: string): void {
    const notice = this.object(value, path);
    if (notice === null) return;
    this.oneOf(notice.level, LEVELS, `${path}.level`);
    this.duration(notice.period, `${path}.period`);
    if (notice.required !== undefined) this.boolean(notice.required, `${path}.required`);
    if (notice.objection !== undefined) this.step(notice.objection, `${path}.objection`, false);
  }

  calendar(value: unknown, path: string): void {
    const cal = this.object(value, path);
    if (cal === null) return;
    for (const field of ['holidays', 'workingWeekends'] as const) {
      this.array(cal[field], `${path}.${field}`)?.forEach((d, i) => {
        if (typeof d !== 'string' || !isCalendarDate(d)) this.fail(`${path}.${field}[${i}]`, 'must be a YYYY-MM-DD date');
      });
    }
    if (cal.years !== undefined) {
      this.array(cal.years, `${path}.years`)?.forEach((y, i) => {
        const year = this.object(y, `${path}.years[${i}]`);
        if (year === null) return;
        if (typeof year.year !== 'number' || !Number.isInteger(year.year)) this.fail(`${path}.years[${i}].year`, 'must be a year');
        this.string(year.notice, `${path}.years[${i}].notice`);
        this.boolean(year.provisional, `${path}.years[${i}].provisional`);
      });
    }
    const weekends = Array.isArray(cal.workingWeekends) ? cal.workingWeekends : [];
    weekends.forEach((d, i) => {
      if (typeof d === 'string' && isCalendarDate(d)) {
        const day = new Date(Date.parse(`${d}T00:00:00.000Z`)).getUTCDay();
        if (day !== 0 && day !== 6) this.fail(`${path}.workingWeekends[${i}]`, 'must be a Saturday or Sunday');
      }
    });
  }
}

/**
 * Check a policy document: its shape, the law's bounds (law-bounds.ts) and its jurisdiction
 * overrides. On success the document itself is returned, typed.
 */
export function validatePolicy(doc: unknown): PolicyValidation {
  const errors = structureErrors(doc);
  if (errors.length === 0 && typeof doc === 'object' && doc !== null) {
    errors.push(...checkLawBounds(doc), ...checkOverrides(doc as Json, structureErrors));
  }
  return errors.length === 0 ? { ok: true, policy: doc as Policy } : { ok: false, errors };
}

function structureErrors(doc: unknown): PolicyError[] {
  const c = new Checker();
  const p = c.object(doc, '$');
  if (p === null) return c.errors;
  c.string(p.version, 'version');
  c.calendar(p.calendar, 'calendar');
  const line = c.object(p.dibaoLine, 'dibaoLine');
  if (line !== null) {
    c.positiveNumber(line.defaultMonthly, 'dibaoLine.defaultMonthly');
    const byDivision = c.object(line.byDivision, 'dibaoLine.byDivision');
    if (byDivision !== null) {
      for (const [code, amount] of Object.entries(byDivision)) {
        if (!isDivisionCode(code)) c.fail(`dibaoLine.byDivision.${code}`, 'key must be a 12-digit division code');
        c.positiveNumber(amount, `dibaoLine.byDivision.${code}`);
      }
    }
  }
  const kinds = c.object(p.kinds, 'kinds');
  if (kinds !== null) {
    for (const kind of CASE_KINDS) {
      if (!(kind in kinds)) c.fail(`kinds.${kind}`, 'is missing');
      else c.kind(kinds[kind], `kinds.${kind}`);
    }
    for (const key of Object.keys(kinds)) {
      if (!(CASE_KINDS as readonly string[]).includes(key)) c.fail(`kinds.${key}`, 'unknown case kind');
    }
  }
  c.step(p.defaultStep, 'defaultStep', false);
  const emergency = c.object(p.emergency, 'emergency');
  if (emergency !== null) {
    c.oneOf(emergency.riskAtLeast, RISKS, 'emergency.riskAtLeast');
    c.oneOf(emergency.level, LEVELS, 'emergency.level');
    c.step(emergency.acknowledge, 'emergency.acknowledge', false);
    c.step(emergency.act, 'emergency.act', false);
    if (emergency.onReopen !== undefined) c.boolean(emergency.onReopen, 'emergency.onReopen');
  }
  const highRisk = c.object(p.highRisk, 'highRisk');
  if (highRisk !== null) {
    c.oneOf(highRisk.riskAtLeast, RISKS, 'highRisk.riskAtLeast');
    c.oneOf(highRisk.level, LEVELS, 'highRisk.level');
    c.step(highRisk.step, 'highRisk.step', false);
  }
  const approval = c.object(p.escalationApproval, 'escalationApproval');
  if (approval !== null) c.duration(approval.wait, 'escalationApproval.wait');
  const closure = c.object(p.closureApproval, 'closureApproval');
  if (closure !== null) c.duration(closure.wait, 'closureApproval.wait');
  if (p.reopenWindow !== undefined) c.duration(p.reopenWindow, 'reopenWindow');
  if (p.disclosure !== undefined) {
    const disclosure = c.object(p.disclosure, 'disclosure');
    if (disclosure !== null)
      c.array(disclosure.fullIdNumberTo, 'disclosure.fullIdNumberTo')?.forEach((r, i) => c.oneOf(r, PEOPLE_ROLES, `disclosure.fullIdNumberTo[${i}]`));
  }

  if (p.sources !== undefined) {
    const sources = c.object(p.sources, 'sources');
    for (const [path, source] of Object.entries(sources ?? {})) {
      const src = c.object(source, `sources.${path}`);
      if (src !== null) c.oneOf(src.basis, ['law', 'default', 'local_practice'], `sources.${path}.basis`);
      if (src?.basis === 'law') c.string(src.article, `sources.${path}.article`);
    }
  }
  return c.errors;
}
