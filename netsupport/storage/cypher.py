"""Every Cypher statement netsupport runs, as named constants with ``$parameters``.

Nothing from data is ever formatted into a statement: ids, names and notes travel as
parameters only. Bulk writes take ``$rows`` and ``UNWIND`` them.

The graph: ``(:Node:Agency)``, ``(:Node:Household)``, ``(:Node:Person)`` each with a unique
``id`` (unique across all three, as in the bundle) and the record's fields as properties;
``(:Person)-[:MEMBER_OF]->(:Household)``; one ``[:TIE]`` relationship per tie, from source to
target, with the tie's fields (``since`` is ``''`` when not known, so that it can key a tie);
``(:Event)-[:OF]->(:Household)``; one ``(:Meta)`` node holding ``data_version``.

Generations. Every ``:Node`` and ``:Event`` carries ``gen``, the number of the load that wrote
it; ``Meta.generation`` names the current one, and every case-data statement here matches
``gen: $gen`` with the ``$gen`` read from Meta in the same transaction (the store checks it
again at the end of a read). A replacing load writes a new generation beside the current one
in committed batches, switches ``Meta.generation`` in one small transaction, then deletes the
old generation in batches: readers and edits see the old data or the new, never a mix, and no
transaction holds the whole bundle (bounded memory). Ids are unique per generation (composite
uniqueness constraints on ``(gen, id)``, which Community edition has; node keys are
Enterprise). ``(:Loader)`` names the generation being loaded (``gen``, with a heartbeat
``beat``) so that cleaning never deletes it; anything neither current nor being loaded is
garbage (an old generation, or an interrupted load) and is deleted in the background
after a load, or by the next open.
Relationships join nodes of one generation only, so a traversal from a current node stays in
the current generation.

Accounts and the audit log live beside the case data, never connected to it:
``(:User {username, role, wards, display_name, password_hash, active, created_at})`` and
``(:AuditEntry {seq, at, username, action, household_id, detail})`` numbered from one
``(:AuditSeq)`` counter node. The case-data statements (``ANY_DATA``,
``DELETE_GARBAGE_SPARSE_NODES`` ...) name only ``:Node`` and ``:Event``, so a
replacing load cannot touch them; no statement here deletes a ``:User`` or ``:AuditEntry``
except the test-only ``WIPE_ACCOUNTS``. Nor are they generation-scoped: a load leaves them.
"""

from ..model import Agency, Household, Person, Tie
from .records import FIELDS

# The constraints of the single-generation schema: an id unique across generations would
# refuse the new generation beside the old. Dropped on open (``Neo4jStore._migrate``).
OLD_CONSTRAINTS = ["node_id", "agency_id", "household_id", "person_id", "event_id"]

DROP_CONSTRAINT = "DROP CONSTRAINT $name IF EXISTS"

# Indexes no query needs any more, each one more write per row of a load: ``tie_kind`` (the
# agency queries expand from the current generation's agencies instead).
OLD_INDEXES = ["tie_kind"]

DROP_INDEX = "DROP INDEX $name IF EXISTS"

# One uniqueness index per kind of record, ``gen`` first so that a generation alone can be
# sought (``gen = $gen AND id IS NOT NULL``): every further index is one more write per row
# of a load. Lookups name ``:Node`` so that they use it, whatever the node's other label.
SCHEMA = [
    "CREATE CONSTRAINT node_gen_id IF NOT EXISTS FOR (n:Node) REQUIRE (n.gen, n.id) IS UNIQUE",
    "CREATE CONSTRAINT event_gen_id IF NOT EXISTS "
    "FOR (n:Event) REQUIRE (n.gen, n.event_id) IS UNIQUE",
    "CREATE INDEX household_ward IF NOT EXISTS FOR (n:Household) ON (n.ward)",
    "CREATE CONSTRAINT user_username IF NOT EXISTS FOR (u:User) REQUIRE u.username IS UNIQUE",
    "CREATE CONSTRAINT audit_seq IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.seq IS UNIQUE",
    "CREATE INDEX audit_at IF NOT EXISTS FOR (e:AuditEntry) ON (e.at)",
    # one counter node even when the first audit writers race to MERGE it
    "CREATE CONSTRAINT audit_counter IF NOT EXISTS FOR (s:AuditSeq) REQUIRE s.name IS UNIQUE",
    "CREATE INDEX audit_username IF NOT EXISTS FOR (e:AuditEntry) ON (e.username)",
    "CREATE INDEX change_version IF NOT EXISTS FOR (c:Change) ON (c.version)",
]

ENSURE_META = """
MERGE (m:Meta {name: 'netsupport'}) ON CREATE SET m.data_version = 0, m.generation = 0
MERGE (l:Loader {name: 'netsupport'}) ON CREATE SET l.last = coalesce(m.generation, 0)
RETURN m.generation AS generation
"""

# A database of the single-generation schema: its data becomes generation 0, in batches
# (the store is opened by one process while it is migrated: the deployment's upgrade step).
MIGRATE_BATCH = """
MATCH (n) WHERE (n:Node OR n:Event) AND n.gen IS NULL
WITH n LIMIT $limit
SET n.gen = 0
RETURN count(*) AS done
"""

MIGRATED = """
MATCH (m:Meta {name: 'netsupport'})
SET m.generation = 0
"""

# --- generations --------------------------------------------------------------------------

CURRENT_GEN = "MATCH (m:Meta {name: 'netsupport'}) RETURN m.generation AS gen"

# Starts a load: a fresh generation number (higher than any before), named as the one being
# loaded. A load already running is taken over: its next batch finds it is no longer named
# and stops (``CLAIM_BATCH``), and its part becomes garbage.
BEGIN_LOAD = """
MATCH (m:Meta {name: 'netsupport'})
MATCH (l:Loader {name: 'netsupport'})
SET l.last = CASE WHEN l.last > m.generation THEN l.last ELSE m.generation END + 1
SET l.gen = l.last, l.beat = timestamp()
RETURN l.gen AS gen, m.generation AS current
"""

# In each batch's transaction: the loader's write lock (a batch never overlaps a cleaning
# batch or a takeover), whether this load is still the one named, and the heartbeat.
CLAIM_BATCH = """
MATCH (l:Loader {name: 'netsupport'})
SET l.beat = timestamp()
RETURN l.gen = $gen AS mine
"""

# The switch: one small transaction, after ``LOCK_META``. Readers that began before it see
# the old generation whole (they check the generation again at their end).
SWITCH = """
MATCH (m:Meta {name: 'netsupport'})
MATCH (l:Loader {name: 'netsupport'})
SET m.generation = $gen, l.gen = null
"""

# A load that failed (or found the store not empty) gives its generation up to cleaning.
ABANDON_LOAD = """
MATCH (l:Loader {name: 'netsupport'}) WHERE l.gen = $gen
SET l.gen = null
"""

# A load whose heartbeat stopped ``$stale_ms`` ago was interrupted (its client killed):
# its generation becomes garbage.
EXPIRE_LOAD = """
MATCH (l:Loader {name: 'netsupport'})
WHERE l.gen IS NOT NULL AND l.beat < timestamp() - $stale_ms
SET l.gen = null
RETURN count(l) AS expired
"""

# Garbage: below the current generation (replaced), or above it and not the one being loaded
# (interrupted loads: every load takes a higher number than the last, so those lie between
# the current generation and the one being loaded). Two range seeks on the (gen, id) index.
_GARBAGE = """
MATCH (m:Meta {name: 'netsupport'})
MATCH (l:Loader {name: 'netsupport'})
WITH m.generation AS current, coalesce(l.gen, 9223372036854775807) AS loading
CALL (current, loading) {
    MATCH (n:LABEL) WHERE n.gen < current AND n.KEY IS NOT NULL
    RETURN n
    UNION
    MATCH (n:LABEL) WHERE n.gen > current AND n.gen < loading AND n.KEY IS NOT NULL
    RETURN n
}
"""

ANY_GARBAGE = (_GARBAGE.replace("LABEL", "Node").replace("KEY", "id")
               + "RETURN n.gen AS gen LIMIT 1")

# The loader's write lock, first in a cleaning batch's transaction: a takeover (which names
# a new generation) or a batch of the load waits for it, and the batch reads the generations
# after it has the lock.
LOCK_LOADER = """
MATCH (l:Loader {name: 'netsupport'})
SET l._lock = true REMOVE l._lock
"""

# One batch of garbage, bounded by what it deletes, never "a node with all its
# relationships" (an agency may hold tens of thousands of ties, too many for one transaction
# of a 512m heap): events (one relationship each); then nodes of at most $degree
# relationships, with them (people, households, most agencies: a deleted node leaves the
# index, so the next batch does not scan it again); then the relationships left (those of the
# busiest nodes; every relationship joins two nodes of one generation, so a garbage node's
# outgoing relationships are all of them); the nodes left bare are sparse nodes for the next
# round (``Neo4jStore._clean``).
DELETE_GARBAGE_EVENTS = (_GARBAGE.replace("LABEL", "Event").replace("KEY", "event_id")
                         + "WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted")
DELETE_GARBAGE_SPARSE_NODES = (_GARBAGE.replace("LABEL", "Node").replace("KEY", "id")
                               + "WITH n WHERE COUNT { (n)--() } <= $degree "
                               "WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted")
DELETE_GARBAGE_RELATIONSHIPS = (_GARBAGE.replace("LABEL", "Node").replace("KEY", "id")
                                + "MATCH (n)-[r]->() WITH r LIMIT $limit DELETE r "
                                "RETURN count(*) AS deleted")

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
MATCH (n:Node {gen: $gen, id: id})
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
RETURN m.data_version AS version, m.generation AS gen
"""

# Whether the current generation holds anything (every record leads to a node).
ANY_DATA = "MATCH (n:Node) WHERE n.gen = $gen AND n.id IS NOT NULL RETURN n LIMIT 1"



CREATE_AGENCIES = """
UNWIND $rows AS row
CREATE (n:Node:Agency) SET n = row, n.id = row.agency_id, n.gen = $gen
"""

CREATE_HOUSEHOLDS = """
UNWIND $rows AS row
CREATE (n:Node:Household) SET n = row, n.id = row.household_id, n.gen = $gen
"""

CREATE_PEOPLE = """
UNWIND $rows AS row
CREATE (n:Node:Person) SET n = row, n.id = row.person_id, n.gen = $gen
WITH n, row WHERE row.household_id IS NOT NULL
MATCH (h:Node {gen: $gen, id: row.household_id})
CREATE (n)-[:MEMBER_OF]->(h)
"""

CREATE_TIES = """
UNWIND $rows AS row
MATCH (a:Node {gen: $gen, id: row.source_id})
MATCH (b:Node {gen: $gen, id: row.target_id})
CREATE (a)-[r:TIE]->(b)
SET r = row
"""

CREATE_EVENTS = """
UNWIND $rows AS row
MATCH (h:Node {gen: $gen, id: row.household_id})
CREATE (e:Event)-[:OF]->(h)
SET e = row, e.gen = $gen
"""



def _claimed(statement: str) -> str:
    """A load's batch as one statement, one round trip instead of two: the loader's write
    lock and heartbeat first (as ``CLAIM_BATCH``), then ``statement``'s rows, written only
    while this load is still the one named; returns ``mine``, false (or null) when it is not
    (the store then rolls the batch back and stops)."""
    body = statement.strip()
    head = "UNWIND $rows AS row"
    assert body.startswith(head)
    return ("MATCH (l:Loader {name: 'netsupport'})\n"
            "SET l.beat = timestamp()\n"
            "WITH l.gen = $gen AS mine\n"
            "CALL (mine) {\n"
            "UNWIND CASE WHEN mine THEN $rows ELSE [] END AS row"
            + body[len(head):] + "\n}\n"
            "RETURN mine")


LOAD_AGENCIES = _claimed(CREATE_AGENCIES)
LOAD_HOUSEHOLDS = _claimed(CREATE_HOUSEHOLDS)
LOAD_PEOPLE = _claimed(CREATE_PEOPLE)
LOAD_TIES = _claimed(CREATE_TIES)
LOAD_EVENTS = _claimed(CREATE_EVENTS)

COUNT_IDS = """
UNWIND $ids AS id MATCH (n:Node {gen: $gen, id: id}) RETURN count(n) AS found
"""

FIND_TIE = """
MATCH (a:Node {gen: $gen, id: $source_id})-[r:TIE {kind: $kind, since: $since}]->
      (b:Node {gen: $gen, id: $target_id})
RETURN r
"""

UPDATE_TIE = """
MATCH (a:Node {gen: $gen, id: $source_id})-[r:TIE {kind: $kind, since: $since}]->
      (b:Node {gen: $gen, id: $target_id})
SET r.strength = $strength, r.role = $role, r.until = $until,
    r.last_contact = $last_contact, r.consent = $consent
RETURN count(r) AS updated
"""

FIND_EVENT = "MATCH (e:Event {gen: $gen, event_id: $event_id}) RETURN e"

# --- a merge (netsupport.merge): reads of the part it touches, then its writes -----------

NODES_BY_ID = """
UNWIND $ids AS id
MATCH (n:Node {gen: $gen, id: id})
RETURN n:Agency AS agency, n:Household AS household, properties(n) AS p
"""

MEMBERS_OF = """
UNWIND $homes AS id
MATCH (p:Person)-[:MEMBER_OF]->(:Node {gen: $gen, id: id})
RETURN properties(p) AS p
"""

TIES_OF = """
UNWIND $ids AS id
MATCH (:Node {gen: $gen, id: id})-[r:TIE]-()
RETURN DISTINCT properties(r) AS p
"""

TIES_BY_KEY = """
UNWIND $rows AS row
MATCH (:Node {gen: $gen, id: row.source_id})-[r:TIE {kind: row.kind, since: row.since}]->
      (:Node {gen: $gen, id: row.target_id})
RETURN properties(r) AS p
"""

EVENTS_OF = """
CALL () {
    UNWIND $homes AS id
    MATCH (e:Event)-[:OF]->(:Node {gen: $gen, id: id})
    RETURN e
    UNION
    UNWIND $event_ids AS id
    MATCH (e:Event {gen: $gen, event_id: id})
    RETURN e
}
RETURN properties(e) AS p
"""

DELETE_TIES_OF = """
UNWIND $ids AS id
MATCH (:Node {gen: $gen, id: id})-[r:TIE]-()
WITH DISTINCT r
DELETE r
"""

DELETE_TIES_BY_KEY = """
UNWIND $rows AS row
MATCH (:Node {gen: $gen, id: row.source_id})-[r:TIE {kind: row.kind, since: row.since}]->
      (:Node {gen: $gen, id: row.target_id})
DELETE r
"""

DELETE_EVENTS_OF = """
UNWIND $homes AS id
MATCH (e:Event)-[:OF]->(:Node {gen: $gen, id: id})
DETACH DELETE e
"""

DELETE_NODES = """
UNWIND $ids AS id
MATCH (n:Node {gen: $gen, id: id})
DETACH DELETE n
"""

# Agencies and people are updated in place (MERGE), never deleted and made again: a
# contact's ties to households outside the merge stay attached.
UPSERT_AGENCIES = """
UNWIND $rows AS row
MERGE (n:Node:Agency {gen: $gen, id: row.agency_id})
SET n = row, n.id = row.agency_id, n.gen = $gen
"""

UPSERT_PEOPLE = """
UNWIND $rows AS row
MERGE (n:Node:Person {gen: $gen, id: row.person_id})
SET n = row, n.id = row.person_id, n.gen = $gen
WITH n, row
CALL (n) {
    MATCH (n)-[m:MEMBER_OF]->()
    DELETE m
}
WITH n, row WHERE row.household_id IS NOT NULL
MATCH (h:Node {gen: $gen, id: row.household_id})
CREATE (n)-[:MEMBER_OF]->(h)
"""

# --- reads -----------------------------------------------------------------------------

ALL_AGENCIES = "MATCH (n:Agency) WHERE n.gen = $gen RETURN properties(n) AS p"
# Counted in the current generation only (the count store counts every generation): from the
# (gen, id) indexes, and a tie from its source node's degree.
COUNTS = """
CALL () { MATCH (n:Agency) WHERE n.gen = $gen RETURN count(n) AS agencies }
CALL () { MATCH (n:Household) WHERE n.gen = $gen RETURN count(n) AS households }
CALL () { MATCH (n:Person) WHERE n.gen = $gen RETURN count(n) AS people }
CALL () {
    MATCH (n:Node) WHERE n.gen = $gen AND n.id IS NOT NULL
    RETURN sum(COUNT { (n)-[:TIE]->() }) AS ties
}
CALL () {
    MATCH (e:Event) WHERE e.gen = $gen AND e.event_id IS NOT NULL
    RETURN count(e) AS events
}
RETURN agencies, households, people, ties, events
"""
ALL_HOUSEHOLDS = "MATCH (n:Household) WHERE n.gen = $gen RETURN properties(n) AS p"
ALL_PEOPLE = "MATCH (n:Person) WHERE n.gen = $gen RETURN properties(n) AS p"
ALL_TIES = """
MATCH (n:Node)-[r:TIE]->() WHERE n.gen = $gen AND n.id IS NOT NULL
RETURN properties(r) AS p
"""
ALL_EVENTS = """
MATCH (e:Event) WHERE e.gen = $gen AND e.event_id IS NOT NULL
RETURN properties(e) AS p
"""

HOUSEHOLD_IDS = """
MATCH (h:Household) WHERE h.gen = $gen AND ($ward IS NULL OR h.ward = $ward)
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
HOUSEHOLD_NETWORK = ("MATCH (h:Node {gen: $gen, id: $id}) WHERE h:Household"
                     + _NEIGHBOURHOOD)

# A ward's households with their neighbourhoods, in one query.
WARD_NETWORK = "MATCH (h:Household {ward: $ward}) WHERE h.gen = $gen" + _NEIGHBOURHOOD

# --- the city scan's read (Neo4jStore.scan_network): plain lists of the properties the
# scan's records hold, in the order of records.FIELDS (a list per row packs and unpacks
# faster than a property map, and no dict is made per row). Property names come from the
# record classes, never from data.
def _values(var: str, cls: type) -> str:
    return "[" + ", ".join(f"{var}.{name}" for name in FIELDS(cls)) + "]"


# Each household (of a ward, or all) with its members and, per inner node (the household,
# then each member), the ties between it and somebody outside the household: one record per
# household (the driver's cost is per record, not per value: a city's 200,000 ties as rows
# took most of the read). A tie between two households (none in a valid store) comes with
# each of them; the reader keeps it once.
SCAN_HOUSEHOLDS = f"""
MATCH (h:Household) WHERE h.gen = $gen AND ($ward IS NULL OR h.ward = $ward)
WITH h, [(m:Person)-[:MEMBER_OF]->(h) | m] AS members
WITH h, members, [h] + members AS inner
RETURN {_values('h', Household)} AS household,
       [m IN members | {_values('m', Person)}] AS members,
       [c IN inner | [(c)-[r:TIE]-(o) WHERE NOT o IN inner | {_values('r', Tie)}]] AS ties
"""
# the records at the far ends, by id, in one record (one per row cost a second per 50,000
# informal contacts in the driver): each kind's value lists
SCAN_FAR = f"""
MATCH (n:Node) WHERE n.gen = $gen AND n.id IN $ids
WITH collect(n) AS found
RETURN [n IN found WHERE n:Agency | {_values('n', Agency)}] AS agencies,
       [n IN found WHERE n:Household | {_values('n', Household)}] AS households,
       [n IN found WHERE n:Person | {_values('n', Person)}] AS people
"""


AGENCY_TIES = """
MATCH (a:Agency)-[r:TIE]->()
WHERE a.gen = $gen AND r.kind IN ['support', 'collaboration']
RETURN properties(r) AS p
"""

AGENCY_COLLABORATIONS = """
MATCH (a:Agency)-[r:TIE {kind: 'collaboration'}]->(:Agency)
WHERE a.gen = $gen
RETURN properties(r) AS p
"""

AGENCY_LINKS = """
MATCH (a:Agency) WHERE a.gen = $gen AND a.id IN $ids
OPTIONAL MATCH (a)-[r:TIE {kind: 'collaboration'}]-(:Agency)
RETURN properties(a) AS agency, collect(properties(r)) AS ties
"""

AGENCY_TIE_MEMBERS = """
MATCH (a:Agency)-[:TIE {kind: 'support'}]->(p:Person)
WHERE a.gen = $gen AND p.household_id IS NOT NULL
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
