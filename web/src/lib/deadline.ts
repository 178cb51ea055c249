// Time left until a deadline, in working days (China's calendar from the policy) and hours.

export interface WorkingCalendar {
  holidays: string[];
  workingWeekends: string[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const chinaDate = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);

function isWorkingDay(date: string, cal: WorkingCalendar | null): boolean {
  if (cal?.workingWeekends.includes(date)) return true;
  if (cal?.holidays.includes(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

export interface TimeLeft {
  overdue: boolean;
  /** Whole hours left (negative: hours past). */
  hours: number;
  /** Working days strictly between today and the deadline's day, plus the deadline day if it is one. */
  workingDays: number;
  /** Urgency for ordering and colour: 0 overdue, 1 under 24 h, 2 under 3 working days, 3 later, 4 none. */
  urgency: 0 | 1 | 2 | 3 | 4;
}

export function timeLeft(deadline: string | null, overdueFlag: boolean, cal: WorkingCalendar | null, now = Date.now()): TimeLeft | null {
  if (!deadline) return overdueFlag ? { overdue: true, hours: 0, workingDays: 0, urgency: 0 } : null;
  const due = Date.parse(deadline);
  const hours = Math.floor((due - now) / HOUR);
  if (due <= now || overdueFlag) return { overdue: true, hours, workingDays: 0, urgency: 0 };
  let workingDays = 0;
  const last = chinaDate(due - 1); // a deadline at 00:00 ends the previous day
  for (let d = chinaDate(now); d < last;) {
    d = chinaDate(Date.parse(`${d}T00:00:00Z`) + DAY);
    if (isWorkingDay(d, cal)) workingDays++;
  }
  const urgency = hours < 24 ? 1 : workingDays < 3 ? 2 : 3;
  return { overdue: false, hours, workingDays, urgency };
}
