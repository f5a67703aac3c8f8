// SPDX-License-Identifier: MIT
// drill.js - the dashboard's charts of exits by year and findings by kind
// opened down to the households: a bar of year Y lists the households of
// Y's registry whose 脱贫年度 is Y (exited_persons_year counts their
// members); a bar of a finding lists the households kaohe review flagged
// with it (finding.CODE counts them). Both through GET /api/households
// (exited=, finding=).

const regionArg = (region) => (region ? `&region=${encodeURIComponent(region)}` : '');

export const exitsHref = (year, region) => `#/households?year=${year}&exited=${year}${regionArg(region)}`;

export const findingHref = (code, year, region) =>
  `#/households?year=${year}&finding=${encodeURIComponent(code)}${regionArg(region)}`;

// The list's filters from the page's query into the API's query.
export function householdArgs(q, qs) {
  for (const k of ['year', 'exited', 'finding']) if (q.get(k)) qs.set(k, q.get(k));
  return qs;
}

// What the list is narrowed to, from the API's reply, for its title (''
// when not narrowed).
export function householdFilter(d) {
  if (d.exited) return `,${d.exited} 年脱贫的户`;
  if (d.finding) return `,核查发现:${d.finding.name}`;
  return '';
}
