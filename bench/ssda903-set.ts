/**
 * A synthetic SSDA903 set of any size, for the import benchmark and the
 * interrupted-import test: each child a period of care (some with a change of
 * legal status and a placement change, some ended and started again) and its
 * reviews, and every third child a child protection history. The same size
 * always makes the same files. No real person: names are "Child" and a number.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from '#shared/domain/calendar/calendar-date';

const IROS = ['iro.one@example.org', 'iro.two@example.org', 'iro.three@example.org'];

/** `yyyy-mm-dd` as the 903 writes it. */
const ddmmyyyy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** Writes the four files of a set of `children` children into `dir`, with records from about two years before `today`. */
export function writeSynthetic903Set(dir: string, children: number, today: string): { rows: number } {
  mkdirSync(dir, { recursive: true });
  const child = ['CHILD,GIVEN_NAME,FAMILY_NAME,DOB,GENDER,IRO_EMAIL,TEAM,TEAM_MANAGER_EMAIL'];
  const episodes = ['CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN'];
  const reviews = ['CHILD,DOB,REVIEW,REVIEW_CODE'];
  const protection = ['CHILD,RECORD,DATE,END_DATE,CATEGORY,S47_DETERMINATION,DETERMINED_ON,OUTCOME,PARTICIPATED'];
  for (let i = 0; i < children; i++) {
    const reference = `SYN-${String(i).padStart(6, '0')}`;
    const born = addDays(today, -(2000 + ((i * 37) % 5000)));
    const start = addDays(today, -(700 - ((i * 13) % 300)));
    const iro = IROS[i % IROS.length]!;
    child.push(`${reference},Child,Number ${i},${ddmmyyyy(born)},${(i % 2) + 1},${iro},Team ${i % 4},tm${i % 4}@example.org`);
    const dob = ddmmyyyy(born);
    if (i % 3 === 2) {
      // A child protection history: strategy discussion, ICPC registering, an RCPC, then de-registration.
      const discussion = addDays(start, -40);
      const icpc = addDays(discussion, 14);
      protection.push(`${reference},STRATEGY,${ddmmyyyy(discussion)},,,conference,${ddmmyyyy(addDays(discussion, 10))},,`);
      protection.push(`${reference},ICPC,${ddmmyyyy(icpc)},,Neglect,,,register,N`);
      protection.push(`${reference},RCPC,${ddmmyyyy(addDays(icpc, 88))},,,,,continue,Y`);
      protection.push(`${reference},RCPC,${ddmmyyyy(addDays(icpc, 270))},,,,,deregister,Y`);
    }
    if (i % 5 === 4) {
      // Ended and started again.
      const end = addDays(start, 200);
      const back = addDays(end, 90);
      episodes.push(`${reference},${ddmmyyyy(start)},S,V2,N1,U1,PR1,${ddmmyyyy(end)},E4A,,,,`);
      episodes.push(`${reference},${ddmmyyyy(back)},S,V2,N1,U1,PR1,,,,,,`);
      reviews.push(`${reference},${dob},${ddmmyyyy(addDays(start, 20))},PN1`);
      reviews.push(`${reference},${dob},${ddmmyyyy(addDays(back, 25))},PN${i % 8}`);
    } else {
      // One period: a change of legal status, then a placement change.
      const order = addDays(start, 60);
      const move = addDays(start, 150);
      episodes.push(`${reference},${ddmmyyyy(start)},S,V2,N1,U1,PR1,${ddmmyyyy(order)},X1,,,,`);
      episodes.push(`${reference},${ddmmyyyy(order)},L,C2,N1,U1,PR1,${ddmmyyyy(move)},X1,,,,`);
      episodes.push(`${reference},${ddmmyyyy(move)},P,C2,N1,U4,PR2,,,${i % 2 === 0 ? 'CHRQ' : 'CARPL'},,,`);
      reviews.push(`${reference},${dob},${ddmmyyyy(addDays(start, 21))},PN${i % 8}`);
      reviews.push(`${reference},${dob},${ddmmyyyy(addDays(start, 100))},PN2`);
      reviews.push(`${reference},${dob},${ddmmyyyy(addDays(start, 280))},PN5`);
    }
  }
  const files = { 'children.csv': child, 'episodes.csv': episodes, 'reviews.csv': reviews, 'protection.csv': protection };
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return { rows: Object.values(files).reduce((sum, lines) => sum + lines.length - 1, 0) };
}
