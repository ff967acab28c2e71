package folio.db;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * A non-unique index (one field or compound), which mongo-java-server accepts but does not
 * implement: key → positions of the documents holding it. It lives in memory only. It is built from
 * the documents on its first use after it was created or its collection opened (so an H2 file
 * reopened after a crash gets exact indexes, and the indexes of a collection are built in one pass
 * over it), and every insert, update and delete keeps it exact after that.
 *
 * <p>Keys follow MongoDB's multikey rules, generously: a document is listed under each element of an
 * array (and of nested arrays), under the whole array, and under null where the field is missing or
 * its path runs into something other than a document. A key too many only costs a candidate that
 * {@link QueryPlanner}'s caller then rejects with the full query; a key too few would lose a match,
 * so every doubt errs on the side of more keys.
 */
final class SecondaryIndex<P> extends Index<P> {

    /** A compound index over arrays lists a document under each combination; past this many, under every lookup. */
    static final int MAX_KEYS = 1000;

    /** The key of null and of a missing field, which equality on null matches alike. */
    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** The positions under a key that several documents share; a lone position is stored as itself. */
    private static final class Shared<P> extends HashSet<P> {
        private static final long serialVersionUID = 1L;
    }

    /** Only reported: a sparse index lists every document too, as candidates are all it gives. */
    private final boolean sparse;
    private final List<String[]> paths = new ArrayList<>();
    /** False when a path has an array position or an empty part, whose matching rules differ: never used for queries. */
    private final boolean plannable;
    private final Map<Object, Object> positions = new HashMap<>();
    /** Documents with more than MAX_KEYS keys: candidates of every lookup. */
    private final Set<P> unkeyed = new HashSet<>();
    private boolean built;
    private long documents;
    /**
     * Documents whose value at a path runs through an array or ends in an embedded document (or
     * that are unkeyed): their keys are a generous superset. While there are none, every document
     * sits under exactly one key, which is exactly its value: counts and orders can be read here.
     */
    private long inexact;
    /** The keys in ascending order, or null until asked for again after the set of keys changed. */
    private List<Object> sortedKeys;

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.sparse = sparse;
        boolean plannable = true;
        for (IndexKey key : keys) {
            String[] path = key.getKey().split("\\.", -1);
            for (String part : path) {
                if (part.isEmpty() || part.chars().allMatch(Character::isDigit) || part.startsWith("$")) plannable = false;
            }
            paths.add(path);
        }
        this.plannable = plannable;
    }

    /** The indexed fields, in the index's order. */
    List<String> fields() {
        return keys();
    }

    synchronized boolean isBuilt() {
        return built;
    }

    /** Lists a document while the collection builds this index (it holds the collection's lock). */
    synchronized void build(Document document, P position) {
        put(position, keysOf(document), isExact(document));
    }

    synchronized void markBuilt() {
        built = true;
    }

    /** Called by the collection with a document's position just before it removes the document. */
    synchronized void forget(P position, Document document) {
        if (built) delete(position, keysOf(document), isExact(document));
    }

    // mongo-java-server's callbacks. Writes reach these under the collection's lock.

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        if (built) put(position, keysOf(document), isExact(document));
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
        if (!built) return;
        Set<Object> oldKeys = keysOf(oldDocument);
        Set<Object> newKeys = keysOf(newDocument);
        boolean wasExact = isExact(oldDocument);
        boolean isExact = isExact(newDocument);
        if (Objects.equals(oldKeys, newKeys) && wasExact == isExact) return;
        delete(position, oldKeys, wasExact);
        put(position, newKeys, isExact);
    }

    /**
     * No position: the collection removes it with {@link #forget} instead, which knows it (a
     * non-unique key cannot tell which of its documents this one is).
     */
    @Override
    public P remove(Document document) {
        return null;
    }

    /** Reported sparse so that mongo-java-server's removeDocument(Document) accepts the missing position from remove. */
    @Override
    protected boolean isSparse() {
        return true;
    }

    @Override
    public Document toIndexDescription() {
        Document description = super.toIndexDescription();
        if (!sparse) description.remove("sparse");
        return description;
    }

    /** Null: no position follows from a non-unique key (mongo-java-server then asks the unique indexes). */
    @Override
    public P getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // any document may share its keys
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // any document may share its keys
    }

    /** QueryPlanner uses this index itself, for more query shapes than mongo-java-server's canHandle covers. */
    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized long getCount() {
        return documents;
    }

    /** Never empty, so mongo-java-server's addIndex leaves building it to its first use (see the class comment). */
    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public synchronized long getDataSize() {
        return positions.size();
    }

    @Override
    public synchronized void drop() {
        positions.clear();
        unkeyed.clear();
        documents = 0;
        inexact = 0;
        sortedKeys = null;
        built = false;
    }

    /**
     * How many documents hold exactly these values (one per field, in the index's field order), or
     * -1 when this index cannot tell: not built, or some document's keys are only a superset of its
     * values. Only for values whose equality is plain equals() on their key and never null.
     */
    synchronized long exactCount(List<Object> values) {
        if (!built || !plannable || inexact > 0 || values.size() != paths.size()) return -1;
        List<Object> keys = new ArrayList<>(values.size());
        for (Object value : values) {
            if (!isExactValue(value)) return -1;
            keys.add(key(value));
        }
        Object present = positions.get(keys.size() == 1 ? keys.get(0) : keys);
        return present == null ? 0 : present instanceof Shared ? ((Shared<?>) present).size() : 1;
    }

    /** Non-null values that equal exactly the documents whose value has the same key. */
    static boolean isExactValue(Object value) {
        return value instanceof String || value instanceof Boolean || value instanceof ObjectId || value instanceof Instant
            || value instanceof UUID;
    }

    /**
     * For a one-field index: the positions grouped by value, in ascending order of the value as
     * mongo-java-server sorts (null and missing first), or null when this index cannot give that
     * order: not built, a document's keys are only a superset of its values, or the values are of
     * more than one kind (which sort by type) or of a kind whose order is not plainly comparable.
     */
    @SuppressWarnings("unchecked")
    synchronized List<List<P>> groupsInOrder() {
        if (!built || !plannable || inexact > 0 || paths.size() != 1) return null;
        if (sortedKeys == null) {
            List<Object> keys = new ArrayList<>(positions.size());
            Class<?> kind = null;
            for (Object key : positions.keySet()) {
                if (key == NULL) continue;
                Class<?> keyKind = key instanceof String ? String.class : key instanceof Double ? Double.class
                    : key instanceof Instant ? Instant.class : null;
                // NaN sorts below every number in mongo-java-server, above them in Double.compareTo.
                if (keyKind == null || kind != null && kind != keyKind || key instanceof Double && ((Double) key).isNaN()) return null;
                kind = keyKind;
                keys.add(key);
            }
            keys.sort((a, b) -> ((Comparable<Object>) a).compareTo(b));
            if (positions.containsKey(NULL)) keys.add(0, NULL);
            sortedKeys = keys;
        }
        List<List<P>> groups = new ArrayList<>(sortedKeys.size());
        for (Object key : sortedKeys) {
            Object present = positions.get(key);
            if (present instanceof Shared) groups.add(new ArrayList<>((Shared<P>) present));
            else if (present != null) groups.add(List.of((P) present));
        }
        return groups;
    }

    /**
     * The lookup for queried values per field (each a list of which a match holds one), or null
     * when this index does not cover the query: a field without plain values, or too many combinations.
     */
    synchronized QueryPlanner.Lookup<P> lookup(Map<String, List<List<Object>>> equalities) {
        if (!built || !plannable) return null;
        List<List<Object>> keysPerField = new ArrayList<>();
        for (String field : keys()) {
            List<Object> fewest = null;
            for (List<Object> values : equalities.getOrDefault(field, List.of())) {
                List<Object> keys = lookupKeys(values);
                if (keys != null && (fewest == null || keys.size() < fewest.size())) fewest = keys;
            }
            if (fewest == null) return null;
            keysPerField.add(fewest);
        }
        List<Object> keys = keysPerField.size() == 1 ? keysPerField.get(0) : QueryPlanner.combinations(keysPerField);
        if (keys == null) return null;
        long estimate = unkeyed.size();
        for (Object key : keys) {
            Object present = positions.get(key);
            estimate += present == null ? 0 : present instanceof Shared ? ((Shared<?>) present).size() : 1;
        }
        return new QueryPlanner.Lookup<>(estimate, found -> collect(keys, found));
    }

    @SuppressWarnings("unchecked")
    private synchronized void collect(List<Object> keys, Set<P> found) {
        found.addAll(unkeyed);
        for (Object key : keys) {
            Object present = positions.get(key);
            if (present instanceof Shared) found.addAll((Shared<P>) present);
            else if (present != null) found.add((P) present);
        }
    }

    /** Lists a position under its document's keys (null: past MAX_KEYS). */
    @SuppressWarnings("unchecked")
    private void put(P position, Set<Object> keys, boolean exact) {
        position = normalized(position);
        documents++;
        if (keys == null) {
            unkeyed.add(position);
            inexact++;
            return;
        }
        if (!exact) inexact++;
        for (Object key : keys) {
            Object present = positions.putIfAbsent(key, position);
            if (present == null) sortedKeys = null;
            if (present instanceof Shared) {
                ((Shared<P>) present).add(position);
            } else if (present != null && !present.equals(position)) {
                Shared<P> shared = new Shared<>();
                shared.add((P) present);
                shared.add(position);
                positions.put(key, shared);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void delete(P position, Set<Object> keys, boolean exact) {
        position = normalized(position);
        documents--;
        if (keys == null) {
            unkeyed.remove(position);
            inexact--;
            return;
        }
        if (!exact) inexact--;
        for (Object key : keys) {
            Object present = positions.get(key);
            if (present instanceof Shared) {
                Shared<P> shared = (Shared<P>) present;
                shared.remove(position);
                if (shared.size() == 1) positions.put(key, shared.iterator().next());
            } else if (position.equals(present)) {
                positions.remove(key);
                sortedKeys = null;
            }
        }
    }

    /**
     * H2 keeps a document with a null _id under Missing, and its unique indexes return copies of
     * Missing read back from the file, which equal nothing but themselves: one position for all.
     */
    @SuppressWarnings("unchecked")
    private static <P> P normalized(P position) {
        return Missing.isNullOrMissing(position) ? (P) Missing.getInstance() : position;
    }

    /** Whether the document's value at every path is a scalar, null or missing, reached through documents only. */
    private boolean isExact(Document document) {
        for (String[] path : paths) {
            Object value = document;
            for (String part : path) {
                if (value instanceof Document) value = ((Document) value).getOrMissing(part);
                else if (value instanceof List) return false;
                else value = null; // the path ends early: missing, as mongo-java-server reads it
            }
            if (value instanceof List || value instanceof Document) return false;
        }
        return true;
    }

    /** A document's keys (tuples for a compound index), or null past MAX_KEYS. The same document always gives the same keys. */
    private Set<Object> keysOf(Document document) {
        List<Set<Object>> perField = new ArrayList<>(paths.size());
        long combinations = 1;
        for (String[] path : paths) {
            Set<Object> keys = new HashSet<>();
            collect(document, path, 0, keys);
            combinations *= keys.size();
            if (combinations > MAX_KEYS) return null;
            perField.add(keys);
        }
        if (perField.size() == 1) return perField.get(0);
        Set<Object> tuples = new HashSet<>();
        combine(perField, 0, new Object[perField.size()], tuples);
        return tuples;
    }

    private static void combine(List<Set<Object>> perField, int field, Object[] tuple, Set<Object> tuples) {
        if (field == perField.size()) {
            tuples.add(Arrays.asList(tuple.clone()));
            return;
        }
        for (Object key : perField.get(field)) {
            tuple[field] = key;
            combine(perField, field + 1, tuple, tuples);
        }
    }

    /** The keys of `value` at `path[part..]`: descends documents, fans out over arrays, null where the path ends early. */
    private static void collect(Object value, String[] path, int part, Set<Object> keys) {
        if (part == path.length) {
            collectLeaf(value, keys);
        } else if (value instanceof Document) {
            collect(((Document) value).getOrMissing(path[part]), path, part + 1, keys);
        } else if (value instanceof List && !((List<?>) value).isEmpty()) {
            for (Object element : (List<?>) value) collect(element, path, part, keys);
        } else {
            keys.add(NULL);
        }
    }

    /** A value matches its own key, and an array also each of its elements (and theirs). */
    private static void collectLeaf(Object value, Set<Object> keys) {
        keys.add(key(value));
        if (value instanceof List) {
            for (Object element : (List<?>) value) collectLeaf(element, keys);
        }
    }

    /**
     * The key of a value: equal for values mongo-java-server's matcher finds equal. Numbers compare
     * by value across types (as doubles: a long beyond 2^53 may share a key with a neighbour, which
     * only adds a candidate), and embedded documents ignore field order (again only adds candidates).
     */
    static Object key(Object value) {
        if (Missing.isNullOrMissing(value)) return NULL;
        if (value instanceof Number) {
            double number = ((Number) value).doubleValue();
            return number == 0.0 ? 0.0 : number; // -0.0 == 0.0
        }
        if (value instanceof Document) {
            Map<String, Object> keys = new HashMap<>();
            ((Document) value).forEach((field, fieldValue) -> keys.put(field, key(fieldValue)));
            return keys;
        }
        if (value instanceof Collection) {
            List<Object> keys = new ArrayList<>();
            for (Object element : (Collection<?>) value) keys.add(key(element));
            return keys;
        }
        return value;
    }

    /** The keys of queried values, or null when one is not a plain value (a regular expression, an unknown type). */
    static List<Object> lookupKeys(List<Object> values) {
        List<Object> keys = new ArrayList<>(values.size());
        for (Object value : values) {
            if (!isPlain(value)) return null;
            keys.add(key(value));
        }
        return keys;
    }

    /** Values whose equality is plain equals() on their key. */
    private static boolean isPlain(Object value) {
        if (value == null || isScalar(value)) return true;
        if (value instanceof Document) return ((Document) value).values().stream().allMatch(SecondaryIndex::isPlain);
        if (value instanceof List) return ((List<?>) value).stream().allMatch(SecondaryIndex::isPlain);
        return false;
    }

    static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof ObjectId
            || value instanceof Instant || value instanceof UUID || value instanceof BinData;
    }
}
