// Meetings per district and month.
//
// Answers: how many meetings were held in each district each month (YYYY-MM from the meeting
// date; 'unknown' without a date), by district then month.
// @param district string = *  one district's key, or * for all
// @example newsgraph query meetings_per_district_month --param district=通州区
MATCH (m:Meeting)-[:LOCATED_IN]->(d:District)
WHERE $district = '*' OR d.key = $district
WITH d.key AS district, coalesce(substring(m.date, 0, 7), 'unknown') AS month, count(DISTINCT m) AS meetings
RETURN district, month, meetings
ORDER BY district, month
