// Projects per district, directly and including sub-districts.
//
// Answers: how many projects are located in each district, counting a project in a town also
// for the district and city the town lies in (LOCATED_IN chains up to 6 levels).
// @param min_projects int = 1  only districts with at least this many projects (including sub-districts)
// @example newsgraph query projects_per_district
MATCH (d:District)
OPTIONAL MATCH (p:Project)-[:LOCATED_IN*1..6]->(d)
WITH d, count(DISTINCT p) AS including_subdistricts
WHERE including_subdistricts >= $min_projects
OPTIONAL MATCH (q:Project)-[:LOCATED_IN]->(d)
RETURN d.key AS district, count(DISTINCT q) AS direct, including_subdistricts
ORDER BY including_subdistricts DESC, district
