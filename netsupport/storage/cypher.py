"""Every Cypher statement netsupport runs, as named constants with ``$parameters``.

Nothing from data is ever formatted into a statement: ids, names and notes travel as
parameters only. Bulk writes take ``$rows`` and ``UNWIND`` them.

The graph: ``(:Node:Agency)``, ``(:Node:Household)``, ``(:Node:Person)`` each with a unique
``id`` (unique across all three, as in the bundle) and the record's fields as properties;
``(:Person)-[:MEMBER_OF]->(:Household)``; one ``[:TIE]`` relationship per tie, from source to
target, with the tie's fields (``since`` is ``''`` when not known, so that it can key a tie);
``(:Event)-[:OF]->(:Household)``; one ``(:Meta)`` node holding ``data_version``.

Accounts and the audit log live beside the case data, never connected to it:
``(:User {username, role, wards, display_name, password_hash, active, created_at})`` and
``(:AuditEntry {seq, at, username, action, household_id, detail})`` numbered from one
``(:AuditSeq)`` counter node. The case-data statements (``ANY_DATA``, ``SET_ASIDE``,
``DELETE_BATCH`` ...) name only ``:Node`` and ``:Event``, so a replacing load cannot touch
them; no statement here deletes a ``:User`` or ``:AuditEntry`` except the test-only
``WIPE_ACCOUNTS``.
"""

SCHEMA = [
    "CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT household_id IF NOT EXISTS FOR (n:Household) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.event_id IS UNIQUE",
    "CREATE INDEX household_ward IF NOT EXISTS FOR (n:Household) ON (n.ward)",
    "CREATE INDEX tie_kind IF NOT EXISTS FOR ()-[r:TIE]-() ON (r.kind)",
    "CREATE CONSTRAINT user_username IF NOT EXISTS FOR (u:User) REQUIRE u.username IS UNIQUE",
    "CREATE CONSTRAINT audit_seq IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.seq IS UNIQUE",
    "CREATE INDEX audit_at IF NOT EXISTS FOR (e:AuditEntry) ON (e.at)",
    # one counter node even when the first audit writers race to MERGE it
    "CREATE CONSTRAINT audit_counter IF NOT EXISTS FOR (s:AuditSeq) REQUIRE s.name IS UNIQUE",
    "CREATE INDEX audit_username IF NOT EXISTS FOR (e:AuditEntry) ON (e.username)",
    "CREATE INDEX change_version IF NOT EXISTS FOR (c:Change) ON (c.version)",
]

ENSURE_META = "MERGE (m:Meta {name: 'netsupport'}) ON CREATE SET m.data_version = 0"

# --- the change feed ---------------------------------------------------------------------
# One ``(:Change {version, households, agencies})`` node per write, made in the write's
# transaction, holding the ids it touched. ``Meta.feed_from`` is the oldest version the feed
# answers from: a database made before the feed starts it at its version then; a load moves
# it to its own version (a new epoch) and drops the old nodes; pruning moves it forward.

ENSURE_FEED = """
MATCH (m:Meta {name: 'netsupport'}) WHERE m.feed_from IS NULL
SET m.feed_from = m.data_version
"""

RECORD_CHANGE = """
CREATE (c:Change {version: $version, households: $households, agencies: $agencies})
"""

NEW_EPOCH = """
MATCH (m:Meta {name: 'netsupport'})
SET m.feed_from = m.data_version
WITH m
OPTIONAL MATCH (c:Change)
DETACH DELETE c
"""

PRUNE_CHANGES = """
MATCH (m:Meta {name: 'netsupport'})
SET m.feed_from = CASE WHEN m.feed_from > $upto THEN m.feed_from ELSE $upto END
WITH m
OPTIONAL MATCH (c:Change) WHERE c.version <= $upto
DETACH DELETE c
"""

CHANGES_SINCE = """
MATCH (m:Meta {name: 'netsupport'})
OPTIONAL MATCH (c:Change) WHERE c.version > $since
RETURN m.data_version AS version, coalesce(m.feed_from, 0) AS feed_from,
       collect(c.households) AS households, collect(c.agencies) AS agencies
"""

# What ids name for the feed: a household, an agency, or a person (with the household it
# belongs to, none for an informal contact).
TOUCHED = """
UNWIND $ids AS id
MATCH (n:Node {id: id})
RETURN n:Household AS household, n:Agency AS agency, n.id AS id,
       n.household_id AS member_of
"""

READ_VERSION = "MATCH (m:Meta {name: 'netsupport'}) RETURN m.data_version AS version"

BUMP_VERSION = """
MERGE (m:Meta {name: 'netsupport'}) ON CREATE SET m.data_version = 0
SET m.data_version = m.data_version + 1
RETURN m.data_version AS version
"""

# Taking the Meta node's write lock first serialises writers, so that a version check and
# the write that follows it see the same state.
LOCK_META = """
MERGE (m:Meta {name: 'netsupport'}) ON CREATE SET m.data_version = 0
SET m._lock = true REMOVE m._lock
RETURN m.data_version AS version
"""

ANY_DATA = "MATCH (n) WHERE n:Node OR n:Event RETURN n LIMIT 1"

DELETE_BATCH = """
MATCH (n) WHERE n:Node OR n:Event
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
"""

# A replacing load sets the old data aside first (out of its labels, and so out of the id
# constraints), writes the new, then deletes the old: all in the load's one transaction.
# Deleting first is what it replaces: Neo4j 5.26 creates nodes about 20x slower after
# deleting many in the same transaction (bench/README.md, "Import").
SET_ASIDE = """
MATCH (n) WHERE n:Node OR n:Event
SET n:SetAside
REMOVE n:Node:Agency:Household:Person:Event
"""

DELETE_SET_ASIDE = "MATCH (n:SetAside) DETACH DELETE n"

CREATE_AGENCIES = """
UNWIND $rows AS row
CREATE (n:Node:Agency) SET n = row, n.id = row.agency_id
"""

CREATE_HOUSEHOLDS = """
UNWIND $rows AS row
CREATE (n:Node:Household) SET n = row, n.id = row.household_id
"""

CREATE_PEOPLE = """
UNWIND $rows AS row
CREATE (n:Node:Person) SET n = row, n.id = row.person_id
WITH n, row WHERE row.household_id IS NOT NULL
MATCH (h:Household {id: row.household_id})
CREATE (n)-[:MEMBER_OF]->(h)
"""

CREATE_TIES = """
UNWIND $rows AS row
MATCH (a:Node {id: row.source_id})
MATCH (b:Node {id: row.target_id})
CREATE (a)-[r:TIE]->(b)
SET r = row
"""

CREATE_EVENTS = """
UNWIND $rows AS row
MATCH (h:Household {id: row.household_id})
CREATE (e:Event)-[:OF]->(h)
SET e = row
"""

COUNT_IDS = "UNWIND $ids AS id MATCH (n:Node {id: id}) RETURN count(n) AS found"

FIND_TIE = """
MATCH (a:Node {id: $source_id})-[r:TIE {kind: $kind, since: $since}]->(b:Node {id: $target_id})
RETURN r
"""

UPDATE_TIE = """
MATCH (a:Node {id: $source_id})-[r:TIE {kind: $kind, since: $since}]->(b:Node {id: $target_id})
SET r.strength = $strength, r.role = $role, r.until = $until,
    r.last_contact = $last_contact, r.consent = $consent
RETURN count(r) AS updated
"""

FIND_EVENT = "MATCH (e:Event {event_id: $event_id}) RETURN e"

# --- a merge (netsupport.merge): reads of the part it touches, then its writes -----------

NODES_BY_ID = """
UNWIND $ids AS id
MATCH (n:Node {id: id})
RETURN n:Agency AS agency, n:Household AS household, properties(n) AS p
"""

MEMBERS_OF = """
UNWIND $homes AS id
MATCH (p:Person)-[:MEMBER_OF]->(:Household {id: id})
RETURN properties(p) AS p
"""

TIES_OF = """
UNWIND $ids AS id
MATCH (:Node {id: id})-[r:TIE]-()
RETURN DISTINCT properties(r) AS p
"""

TIES_BY_KEY = """
UNWIND $rows AS row
MATCH (:Node {id: row.source_id})-[r:TIE {kind: row.kind, since: row.since}]->
      (:Node {id: row.target_id})
RETURN properties(r) AS p
"""

EVENTS_OF = """
CALL () {
    UNWIND $homes AS id
    MATCH (e:Event)-[:OF]->(:Household {id: id})
    RETURN e
    UNION
    UNWIND $event_ids AS id
    MATCH (e:Event {event_id: id})
    RETURN e
}
RETURN properties(e) AS p
"""

DELETE_TIES_OF = """
UNWIND $ids AS id
MATCH (:Node {id: id})-[r:TIE]-()
WITH DISTINCT r
DELETE r
"""

DELETE_TIES_BY_KEY = """
UNWIND $rows AS row
MATCH (:Node {id: row.source_id})-[r:TIE {kind: row.kind, since: row.since}]->
      (:Node {id: row.target_id})
DELETE r
"""

DELETE_EVENTS_OF = """
UNWIND $homes AS id
MATCH (e:Event)-[:OF]->(:Household {id: id})
DETACH DELETE e
"""

DELETE_NODES = """
UNWIND $ids AS id
MATCH (n:Node {id: id})
DETACH DELETE n
"""

# Agencies and people are updated in place (MERGE), never deleted and made again: a
# contact's ties to households outside the merge stay attached.
UPSERT_AGENCIES = """
UNWIND $rows AS row
MERGE (n:Agency {id: row.agency_id})
SET n = row, n.id = row.agency_id, n:Node
"""

UPSERT_PEOPLE = """
UNWIND $rows AS row
MERGE (n:Person {id: row.person_id})
SET n = row, n.id = row.person_id, n:Node
WITH n, row
CALL (n) {
    MATCH (n)-[m:MEMBER_OF]->()
    DELETE m
}
WITH n, row WHERE row.household_id IS NOT NULL
MATCH (h:Household {id: row.household_id})
CREATE (n)-[:MEMBER_OF]->(h)
"""

# --- reads -----------------------------------------------------------------------------

ALL_AGENCIES = "MATCH (n:Agency) RETURN properties(n) AS p"
# Each count from Neo4j's count store: no node or relationship is read.
COUNTS = """
CALL () { MATCH (n:Agency) RETURN count(n) AS agencies }
CALL () { MATCH (n:Household) RETURN count(n) AS households }
CALL () { MATCH (n:Person) RETURN count(n) AS people }
CALL () { MATCH ()-[r:TIE]->() RETURN count(r) AS ties }
CALL () { MATCH (e:Event) RETURN count(e) AS events }
RETURN agencies, households, people, ties, events
"""
ALL_HOUSEHOLDS = "MATCH (n:Household) RETURN properties(n) AS p"
ALL_PEOPLE = "MATCH (n:Person) RETURN properties(n) AS p"
ALL_TIES = "MATCH ()-[r:TIE]->() RETURN properties(r) AS p"
ALL_EVENTS = "MATCH (e:Event) RETURN properties(e) AS p"

HOUSEHOLD_IDS = """
MATCH (h:Household) WHERE $ward IS NULL OR h.ward = $ward
RETURN h.id AS id ORDER BY id
"""

# The neighbourhood of each household matched as ``h``: its members, every tie touching
# either, the far ends of those ties (agencies, informal contacts), and its events.
_NEIGHBOURHOOD = """
OPTIONAL MATCH (m:Person)-[:MEMBER_OF]->(h)
WITH h, collect(m) AS members
CALL (h, members) {
    UNWIND [h] + members AS c
    MATCH (c)-[r:TIE]-(o)
    RETURN collect(DISTINCT r) AS ties, collect(DISTINCT o) AS others
}
CALL (h) {
    OPTIONAL MATCH (e:Event)-[:OF]->(h)
    RETURN collect(properties(e)) AS events
}
RETURN properties(h) AS household,
       [m IN members | properties(m)] AS members,
       [r IN ties | properties(r)] AS ties,
       [o IN others WHERE o:Agency | properties(o)] AS agencies,
       [o IN others WHERE o:Person AND o.household_id IS NULL | properties(o)] AS contacts,
       events
"""

# One round trip for a household's whole neighbourhood.
HOUSEHOLD_NETWORK = "MATCH (h:Household {id: $id})" + _NEIGHBOURHOOD

# A ward's households with their neighbourhoods, in one query.
WARD_NETWORK = "MATCH (h:Household {ward: $ward})" + _NEIGHBOURHOOD

AGENCY_TIES = """
MATCH (a:Agency)-[r:TIE]->()
WHERE r.kind IN ['support', 'collaboration']
RETURN properties(r) AS p
"""

AGENCY_LINKS = """
MATCH (a:Agency) WHERE a.id IN $ids
OPTIONAL MATCH (a)-[r:TIE {kind: 'collaboration'}]-(:Agency)
RETURN properties(a) AS agency, collect(properties(r)) AS ties
"""

AGENCY_TIE_MEMBERS = """
MATCH (:Agency)-[:TIE {kind: 'support'}]->(p:Person)
WHERE p.household_id IS NOT NULL
RETURN DISTINCT properties(p) AS p
"""

# --- accounts and the audit log --------------------------------------------------------

CREATE_USER = "CREATE (u:User) SET u = $row"

UPDATE_USER = """
MATCH (u:User {username: $username})
SET u.role = $role, u.wards = $wards, u.display_name = $display_name,
    u.password_hash = $password_hash, u.active = $active
RETURN count(u) AS updated
"""

GET_USER = "MATCH (u:User {username: $username}) RETURN properties(u) AS p"

ALL_USERS = "MATCH (u:User) RETURN properties(u) AS p ORDER BY u.username"

# Reserves $n sequence numbers and returns the last; the counter node's write lock makes
# concurrent writers take turns, so two transactions never get the same numbers.
NEXT_AUDIT_SEQ = """
MERGE (s:AuditSeq {name: 'netsupport'}) ON CREATE SET s.last = 0
SET s.last = s.last + $n
RETURN s.last AS last
"""

CREATE_AUDIT_ENTRIES = """
UNWIND $rows AS row
CREATE (e:AuditEntry) SET e = row
"""

# The newest sign-ins and password checks of one username in the lockout window.
SIGN_IN_ACTIONS = """
MATCH (e:AuditEntry {username: $username})
WHERE e.at >= $since AND e.action IN ['sign_in', 'sign_in_attempt']
RETURN e.action AS action
ORDER BY e.seq DESC
LIMIT $limit
"""

# ``at`` is UTC text of a fixed format, so comparing text compares time.
AUDIT_LOG = """
MATCH (e:AuditEntry)
WHERE ($since IS NULL OR e.at >= $since) AND ($until IS NULL OR e.at < $until)
  AND ($username IS NULL OR e.username = $username)
  AND ($household_id IS NULL OR e.household_id = $household_id)
RETURN properties(e) AS p
ORDER BY e.seq DESC
LIMIT $limit
"""

# Tests only (``Neo4jStore.wipe``): a replacing load never runs it.
WIPE_ACCOUNTS = """
MATCH (n) WHERE n:User OR n:AuditEntry OR n:AuditSeq OR n:Change
DETACH DELETE n
"""
