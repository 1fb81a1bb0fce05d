// Meetings with no recorded speaker.
//
// Answers: meetings no official is recorded as speaking at (no SPOKE_AT), with how many officials
// attended; oldest first (undated last).
// @example newsgraph query meetings_without_speaker
MATCH (m:Meeting)
WHERE NOT (m)<-[:SPOKE_AT]-(:Official)
OPTIONAL MATCH (o:Official)-[:ATTENDED]->(m)
RETURN m.key AS meeting, m.name AS name, m.date AS date, count(DISTINCT o) AS attendees
ORDER BY coalesce(m.date, '9999-99-99'), meeting
