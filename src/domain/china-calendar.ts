import type { WorkingCalendar } from './calendar';

// China's public holidays (放假) and adjusted working weekends (调休上班), as published yearly by the
// General Office of the State Council (国务院办公厅关于…部分节假日安排的通知). Working days skip
// weekends and these holidays and count these weekends as working (policy-rules.md).

// 2025: 国办发明电〔2024〕12号 (first year under 国务院令第795号: 春节 and 劳动节 each +1 day).
const HOLIDAYS_2025 = [
  '2025-01-01', // 元旦
  '2025-01-28',
  '2025-01-29',
  '2025-01-30',
  '2025-01-31',
  '2025-02-01',
  '2025-02-02',
  '2025-02-03',
  '2025-02-04', // 春节
  '2025-04-04',
  '2025-04-05',
  '2025-04-06', // 清明节
  '2025-05-01',
  '2025-05-02',
  '2025-05-03',
  '2025-05-04',
  '2025-05-05', // 劳动节
  '2025-05-31',
  '2025-06-01',
  '2025-06-02', // 端午节
  '2025-10-01',
  '2025-10-02',
  '2025-10-03',
  '2025-10-04',
  '2025-10-05',
  '2025-10-06',
  '2025-10-07',
  '2025-10-08', // 国庆节、中秋节
];
const WORKING_WEEKENDS_2025 = ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'];

// 2026: 国办发明电〔2025〕7号 (2025-11-04); all 33 days off and 6 working weekends checked against the
// notice's text (shared/policy-sources.md §2).
const HOLIDAYS_2026 = [
  '2026-01-01',
  '2026-01-02',
  '2026-01-03', // 元旦
  '2026-02-15',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20',
  '2026-02-21',
  '2026-02-22',
  '2026-02-23', // 春节
  '2026-04-04',
  '2026-04-05',
  '2026-04-06', // 清明节
  '2026-05-01',
  '2026-05-02',
  '2026-05-03',
  '2026-05-04',
  '2026-05-05', // 劳动节
  '2026-06-19',
  '2026-06-20',
  '2026-06-21', // 端午节
  '2026-09-25',
  '2026-09-26',
  '2026-09-27', // 中秋节
  '2026-10-01',
  '2026-10-02',
  '2026-10-03',
  '2026-10-04',
  '2026-10-05',
  '2026-10-06',
  '2026-10-07', // 国庆节
];
const WORKING_WEEKENDS_2026 = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

// 2027: APPROXIMATION, not the published schedule. Built from the statutory holidays
// (国务院令第795号) on the 2027 lunar dates with the usual bridging pattern; replace with the
// State Council notice for 2027 (publish a new policy version) once it is out.
const HOLIDAYS_2027 = [
  '2027-01-01',
  '2027-01-02',
  '2027-01-03', // 元旦
  '2027-02-05',
  '2027-02-06',
  '2027-02-07',
  '2027-02-08',
  '2027-02-09',
  '2027-02-10',
  '2027-02-11',
  '2027-02-12', // 春节 (除夕 2-05)
  '2027-04-03',
  '2027-04-04',
  '2027-04-05', // 清明节
  '2027-05-01',
  '2027-05-02',
  '2027-05-03',
  '2027-05-04',
  '2027-05-05', // 劳动节
  '2027-06-09', // 端午节
  '2027-09-15', // 中秋节
  '2027-10-01',
  '2027-10-02',
  '2027-10-03',
  '2027-10-04',
  '2027-10-05',
  '2027-10-06',
  '2027-10-07', // 国庆节
];
const WORKING_WEEKENDS_2027 = ['2027-02-20', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09'];

export const CHINA_CALENDAR_2025_2027: WorkingCalendar = {
  holidays: [...HOLIDAYS_2025, ...HOLIDAYS_2026, ...HOLIDAYS_2027],
  workingWeekends: [...WORKING_WEEKENDS_2025, ...WORKING_WEEKENDS_2026, ...WORKING_WEEKENDS_2027],
  years: [
    { year: 2025, notice: '国办发明电〔2024〕12号', provisional: false },
    { year: 2026, notice: '国办发明电〔2025〕7号', provisional: false },
    // PROVISIONAL: the statutory days of 国务院令第795号 on the 2027 lunar dates; bridges and 调休 guessed.
    { year: 2027, notice: '国务院令第795号 (statutory days only; no 2027 notice entered)', provisional: true },
  ],
};
